using Berth.Hosting;
using Berth.Scoring.Hosting;
using Berth.Scoring.Inference;
using Berth.Scoring.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Berth.Scoring.Onnx;

/// <summary>
/// One ONNX Runtime session over the model file, loaded once; <see cref="Run"/> is safe to call from many threads
/// (ONNX Runtime's sessions are). The inputs and outputs come from the graph; dynamic axes are -1.
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    private OnnxModel(InferenceSession session, IReadOnlyList<TensorMetadata> inputs, IReadOnlyList<TensorMetadata> outputs)
    {
        _session = session;
        Inputs = inputs;
        Outputs = outputs;
        _outputNames = outputs.Select(o => o.Name).ToArray();
    }

    public IReadOnlyList<TensorMetadata> Inputs { get; }

    public IReadOnlyList<TensorMetadata> Outputs { get; }

    /// <summary>Loads the model; a file ONNX Runtime refuses is a boot failure naming the file and the runtime's message.</summary>
    public static OnnxModel Load(string path, OnnxSessionSettings settings, PlatformLog log)
    {
        using var options = settings.CreateSessionOptions();
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw LoadFailed(path, e.Message);
        }

        try
        {
            var inputs = session.InputMetadata.Select(p => Describe(p.Key, p.Value, "input")).ToList();
            var outputs = session.OutputMetadata.Where(p => Usable(p.Key, p.Value, log)).Select(p => Describe(p.Key, p.Value, "output")).ToList();
            return new OnnxModel(session, inputs, outputs);
        }
        catch (NotSupportedException e)
        {
            session.Dispose();
            throw LoadFailed(path, e.Message);
        }
    }

    /// <summary>The boot failure whose message (logged by the caller) starts with <see cref="ReplicaLogMarkers.OnnxLoadFailed"/>.</summary>
    private static Berth.Errors.BerthException LoadFailed(string path, string cause) =>
        BootFailure.Create($"{ReplicaLogMarkers.OnnxLoadFailed}{path}: {cause.ReplaceLineEndings(" ").Trim()}");

    private static bool Usable(string name, NodeMetadata node, PlatformLog log)
    {
        if (node.IsTensor && OnnxTensors.Datatype(node.ElementDataType) is not null) return true;
        log.Warning(LogNames.UserScript, $"output '{name}' is a {node.OnnxValueType} the Open Inference Protocol cannot carry; it is not returned.");
        return false;
    }

    private static TensorMetadata Describe(string name, NodeMetadata node, string what)
    {
        if (!node.IsTensor) throw new NotSupportedException($"{what} '{name}' is a {node.OnnxValueType}; Berth serves models whose inputs are tensors.");
        var datatype = OnnxTensors.Datatype(node.ElementDataType)
            ?? throw new NotSupportedException($"{what} '{name}' has element type {node.ElementDataType}, which the Open Inference Protocol has no datatype for.");
        return new TensorMetadata(name, datatype, node.Dimensions.Select(d => d < 0 ? -1L : d).ToArray());
    }

    /// <summary>Runs the graph on <paramref name="inputs"/> (checked against <see cref="Inputs"/>) and returns every output.</summary>
    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs)
    {
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var input in inputs) values.Add(OnnxTensors.ToOrtValue(input));
            using var options = new RunOptions();
            using var results = _session.Run(options, inputs.Select(i => i.Name).ToArray(), values, _outputNames);
            return results.Select((value, i) => OnnxTensors.FromOrtValue(_outputNames[i], value)).ToList();
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();
}
