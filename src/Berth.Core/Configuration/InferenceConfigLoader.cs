using Berth.Errors;
using Berth.Json;

namespace Berth.Configuration;

/// <summary>
/// Reads an <c>inferenceconfig.json</c> in the hosted platform's CLI format and validates it,
/// reporting every problem at once: missing files (with the path resolved), runtime mismatches,
/// conflicting environment settings and the conda file's own problems.
/// </summary>
public static class InferenceConfigLoader
{
    private const string Hint = "fix the fields listed; paths are relative to the config file's folder (entryScript to sourceDirectory when given)";

    /// <exception cref="BerthException">The file is missing or unreadable.</exception>
    /// <exception cref="ConfigValidationException">The file has syntax errors or invalid fields.</exception>
    public static InferenceConfigSpec Load(string path) => Load(path, ConfigFiles.OnDisk());

    /// <summary>Reads and validates the config at <paramref name="path"/>, reading the files it names from <paramref name="files"/>.</summary>
    public static InferenceConfigSpec Load(string path, ConfigFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var content = files.ReadText(path, "inference config", Files.FileLimit.Config);
        var fullPath = Path.GetFullPath(path);
        return Parse(content, fullPath, Path.GetDirectoryName(fullPath)!, files);
    }

    /// <summary>Validates <paramref name="content"/>; relative paths resolve from <paramref name="baseDirectory"/>.</summary>
    public static InferenceConfigSpec Parse(string content, string fileName, string baseDirectory) =>
        Parse(content, fileName, baseDirectory, ConfigFiles.OnDisk());

    /// <summary>
    /// Validates <paramref name="content"/>; relative paths resolve from <paramref name="baseDirectory"/> (as the author sees
    /// it) and the files they name are read from <paramref name="files"/>. The spec's paths are where the files are here.
    /// </summary>
    public static InferenceConfigSpec Parse(string content, string fileName, string baseDirectory, ConfigFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        var root = JsonSourceReader.Parse(content, fileName);
        var issues = new IssueCollector(fileName);
        if (root.Kind != SourceNodeKind.Object)
        {
            issues.Add(root.Line, root.Column, null, $"expected a JSON object with an entryScript, got {root.Describe()}");
            issues.ThrowIfAny(Hint);
        }

        var spec = InferenceConfigBinder.Bind(new FieldReader(root, "", issues), fileName, Path.GetFullPath(baseDirectory), files);
        issues.ThrowIfAny(Hint);
        return spec!;
    }
}
