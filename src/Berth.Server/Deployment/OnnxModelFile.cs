using Berth.Api.V1;
using Berth.Configuration;

namespace Berth.Server.Deployment;

/// <summary>
/// The one <c>.onnx</c> file a service with no entry script (<see cref="ScriptRuntime.Onnx"/>) serves: which model holds it
/// and its path inside that model's version folder (it starts with the model's root name).
/// </summary>
internal sealed record OnnxModelFile(ModelDto Model, string RelativePath)
{
    /// <summary>The replica's OIP model name and version: the registered model's, whatever the other models are.</summary>
    public string ModelName => Model.Name;

    /// <summary>
    /// Finds the one <c>.onnx</c> file among the models' files, or says why there is not exactly one: the files found
    /// (none, or each with its model) and what to do.
    /// </summary>
    public static (OnnxModelFile? File, string? Problem) Find(IReadOnlyList<ModelDto> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var found = models
            .SelectMany(m => m.Files.Where(f => f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)).Select(f => new OnnxModelFile(m, f.Path)))
            .ToList();
        const string Remedy = "pass --ic with an inference config whose entry script (score.py or score.cs) loads the model it means";
        return found.Count switch
        {
            1 => (found[0], null),
            0 => (null, $"no inference config was given, so the model's .onnx file is served with no entry script, but {Describe(models)} holds no .onnx file; register an ONNX model, or {Remedy}"),
            _ => (null, $"no inference config was given, so the model's one .onnx file is served with no entry script, but {Describe(models)} holds {found.Count}: {string.Join(", ", found.Select(f => $"{f.Model.Name}:{f.Model.Version}/{f.RelativePath}"))}; register the one to serve as a model of its own, or {Remedy}"),
        };
    }

    private static string Describe(IReadOnlyList<ModelDto> models) => models.Count == 1
        ? $"model {models[0].Name}:{models[0].Version}"
        : $"models {string.Join(", ", models.Select(m => $"{m.Name}:{m.Version}"))}";
}
