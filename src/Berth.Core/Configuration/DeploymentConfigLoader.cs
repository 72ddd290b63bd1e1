using Berth.Errors;
using Berth.Json;

namespace Berth.Configuration;

/// <summary>
/// Reads a <c>deploymentconfig.json</c> in the hosted platform's CLI format and validates it,
/// reporting every problem at once with its line, column and field.
/// </summary>
public static class DeploymentConfigLoader
{
    private const string Hint = "fix the fields listed; see the deployment config reference for each compute type's fields and defaults";

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="BerthException">The file is missing or unreadable.</exception>
    /// <exception cref="ConfigValidationException">The file has syntax errors or invalid fields.</exception>
    public static DeploymentConfigSpec Load(string path)
    {
        var content = ConfigFileReader.Read(path, "deployment config");
        return Parse(content, Path.GetFullPath(path));
    }

    /// <summary>Validates <paramref name="content"/>; <paramref name="fileName"/> names it in messages and anchors relative paths.</summary>
    public static DeploymentConfigSpec Parse(string content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var root = JsonSourceReader.Parse(content, fileName);
        var issues = new IssueCollector(fileName);
        if (root.Kind != SourceNodeKind.Object)
        {
            issues.Add(root.Line, root.Column, null, $"expected a JSON object with a computeType, got {root.Describe()}");
            issues.ThrowIfAny(Hint);
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();
        var spec = DeploymentConfigBinder.Bind(new FieldReader(root, "", issues), baseDirectory);
        issues.ThrowIfAny(Hint);
        return spec!;
    }
}
