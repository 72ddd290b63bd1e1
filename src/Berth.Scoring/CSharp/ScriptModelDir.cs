using Berth.Scoring.Options;

namespace Berth.Scoring.CSharp;

/// <summary>The model directory a script sees: AZUREML_MODEL_DIR resolved against the app root.</summary>
internal static class ScriptModelDir
{
    public static string? Resolve(ScoringOptions options) =>
        options.ModelDir is null ? null : Path.GetFullPath(options.ModelDir, options.AppRoot);
}
