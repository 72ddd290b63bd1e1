namespace Berth.Scoring.Options;

/// <summary>
/// What the replica serves, decided from the settings (pure but for the two lookups it is given):
/// <list type="number">
/// <item>an entry script (--entry_script / AZUREML_ENTRY_SCRIPT): score.py or score.cs;</item>
/// <item>an ONNX model named explicitly (--onnx_model / BERTH_ONNX_MODEL), served with no script;</item>
/// <item>main.py in the app root, as the platform's server does;</item>
/// <item>no script at all and exactly one .onnx file in the model directory (directly or in one folder): that model.</item>
/// </list>
/// An entry script and an ONNX model together are an error: one replica serves one of them.
/// </summary>
internal static class ServedFile
{
    public static (string Path, ScriptRuntime Runtime)? Resolve(
        string? entryScript, string? onnxModel, string defaultMain, string? modelDir, string cwd,
        Func<string, bool> fileExists, Func<string, IReadOnlyList<string>> findOnnx, List<string> errors)
    {
        if (entryScript is not null && onnxModel is not null)
        {
            errors.Add("Give either an entry script (--entry_script / AZUREML_ENTRY_SCRIPT) or an ONNX model (--onnx_model / BERTH_ONNX_MODEL), not both.");
            return null;
        }

        if (entryScript is not null)
        {
            var path = Path.GetFullPath(entryScript, cwd);
            return (path, RuntimeOf(path, errors));
        }

        if (onnxModel is not null) return (Path.GetFullPath(onnxModel, cwd), ScriptRuntime.Onnx);
        if (fileExists(defaultMain)) return (defaultMain, ScriptRuntime.Python); // the platform's server imports main when no entry script is configured
        var found = modelDir is null ? [] : findOnnx(modelDir);
        if (found.Count == 1) return (found[0], ScriptRuntime.Onnx);
        errors.Add(found.Count > 1
            ? $"The model directory {modelDir} holds {found.Count} .onnx files ({string.Join(", ", found.Select(System.IO.Path.GetFileName))}); name the one to serve with --onnx_model or BERTH_ONNX_MODEL, or give an entry script."
            : "Either provide an entry_script using --entry_script, set AZUREML_ENTRY_SCRIPT, put a main.py in the app root (AML_APP_ROOT), or give a model directory (AZUREML_MODEL_DIR) that holds one .onnx file.");
        return null;
    }

    private static ScriptRuntime RuntimeOf(string path, List<string> errors)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".cs") return ScriptRuntime.CSharp;
        if (ext != ".py") errors.Add($"entry script '{path}' must end in .py (Python) or .cs (C#)");
        return ScriptRuntime.Python;
    }

    /// <summary>The .onnx files directly in <paramref name="modelDir"/> or in its direct subfolders, sorted.</summary>
    public static IReadOnlyList<string> FindOnnx(string modelDir)
    {
        if (!Directory.Exists(modelDir)) return [];
        var direct = Directory.GetFiles(modelDir, "*.onnx");
        var nested = Directory.GetDirectories(modelDir).SelectMany(d => Directory.GetFiles(d, "*.onnx"));
        return direct.Concat(nested).Order(StringComparer.Ordinal).ToList();
    }
}
