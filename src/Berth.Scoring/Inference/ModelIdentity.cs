using Berth.Scoring.Options;

namespace Berth.Scoring.Inference;

/// <summary>
/// The name and version the Open Inference Protocol routes answer to. BERTH_MODEL_NAME / BERTH_MODEL_VERSION when set;
/// otherwise the registered model's, read from the platform's layout of AZUREML_MODEL_DIR
/// (<c>.../azureml-models/&lt;name&gt;/&lt;version&gt;</c>); otherwise, for an ONNX file, its file name and version 1. The
/// service's name (SERVICE_NAME) is accepted as well, so <c>/v2/models/&lt;service&gt;/infer</c> works too.
/// </summary>
internal sealed record ModelIdentity(string Name, string Version, IReadOnlyList<string> AcceptedNames)
{
    public const string DefaultServiceName = "ML service";

    public static ModelIdentity From(ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = FromLayout(options.ModelDir);
        var fallback = options.Runtime == ScriptRuntime.Onnx ? Path.GetFileNameWithoutExtension(options.EntryScript) : "model";
        var service = options.ServiceName == DefaultServiceName ? null : options.ServiceName;
        var name = options.ModelName ?? layout?.Name ?? service ?? fallback;
        var version = options.ModelVersion ?? layout?.Version ?? "1";
        var accepted = new[] { name, service }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new ModelIdentity(name, version, accepted);
    }

    /// <summary>(name, version) when the directory's last folder is a version number under a model's folder.</summary>
    public static (string Name, string Version)? FromLayout(string? modelDir)
    {
        if (modelDir is null) return null;
        var trimmed = Path.TrimEndingDirectorySeparator(modelDir);
        var version = Path.GetFileName(trimmed);
        var name = Path.GetFileName(Path.GetDirectoryName(trimmed));
        return int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 && !string.IsNullOrEmpty(name)
            ? (name, version)
            : null;
    }

    public bool Answers(string name) => AcceptedNames.Contains(name, StringComparer.Ordinal);
}
