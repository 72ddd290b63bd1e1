using Berth.Configuration;
using Berth.Errors;
using Berth.Json;

namespace Berth.Environments;

/// <summary>
/// Reads an environment file, choosing the format by extension: <c>.yml</c>/<c>.yaml</c> conda
/// specification, <c>.txt</c> pip requirements, <c>.json</c> the platform's environment definition.
/// </summary>
public static class EnvironmentDefinitionLoader
{
    private const string PipHint = "fix the lines listed; a requirements file has one package per line, such as numpy==1.26 or requests>=2,<3";

    private const string Hint = "fix the lines listed; a conda file has name, channels and dependencies (with a python= pin and a pip: list)";

    /// <exception cref="BerthException">The file is missing, unreadable or of an unknown kind.</exception>
    /// <exception cref="ConfigValidationException">The file has syntax errors or invalid entries.</exception>
    public static EnvironmentDefinition Load(string path) => Load(path, ConfigFiles.OnDisk());

    /// <summary>Reads the file at <paramref name="path"/> from <paramref name="files"/>, and the files it names.</summary>
    public static EnvironmentDefinition Load(string path, ConfigFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var content = files.ReadText(path, "environment file", Files.FileLimit.Config);
        return Parse(content, Path.GetFullPath(path), files);
    }

    /// <summary>Parses <paramref name="content"/>; the extension of <paramref name="fileName"/> picks the format.</summary>
    public static EnvironmentDefinition Parse(string content, string fileName) => Parse(content, fileName, ConfigFiles.OnDisk());

    /// <summary>Parses <paramref name="content"/>, reading any file it names from <paramref name="files"/>.</summary>
    public static EnvironmentDefinition Parse(string content, string fileName, ConfigFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var issues = new IssueCollector(fileName);
        var definition = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".yml" or ".yaml" => CondaSpecBinder.Bind(YamlSourceReader.Parse(content, fileName), "", issues),
            ".txt" => PipRequirementsParser.Parse(content, issues),
            ".json" => ParseJson(content, fileName, issues, files),
            _ => throw new BerthException(
                ErrorCodes.EnvironmentInvalid,
                $"cannot tell what kind of environment file {fileName} is",
                "use a conda file (.yml or .yaml), a pip requirements file (.txt) or an environment definition (.json)"),
        };
        issues.ThrowIfAny(Path.GetExtension(fileName).Equals(".txt", StringComparison.OrdinalIgnoreCase) ? PipHint : Hint);
        return definition;
    }

    private static EnvironmentDefinition ParseJson(string content, string fileName, IssueCollector issues, ConfigFiles files)
    {
        var root = JsonSourceReader.Parse(content, fileName);
        if (root.Kind != SourceNodeKind.Object)
        {
            issues.Add(root.Line, root.Column, null, $"expected a JSON object with name, python and docker, got {root.Describe()}");
            return new EnvironmentDefinition();
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Directory.GetCurrentDirectory();
        return PlatformEnvironmentBinder.Bind(new FieldReader(root, "", issues), baseDirectory, files);
    }
}
