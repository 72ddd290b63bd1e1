using Berth.Scoring.Options;
using Microsoft.ML.OnnxRuntime;

namespace Berth.Scoring.Onnx;

/// <summary>
/// The session options a replica loads its model with, from its settings: intra-op threads (default 1: concurrent requests
/// and batches run side by side), one inter-op thread, sequential execution,
/// and the graph optimization level (default ORT_ENABLE_ALL). The banner prints <see cref="Describe"/>.
/// </summary>
internal sealed record OnnxSessionSettings(int IntraOpThreads, GraphOptimizationLevel Optimization)
{
    public static OnnxSessionSettings From(ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var level = options.OnnxGraphOptimization switch
        {
            "disabled" => GraphOptimizationLevel.ORT_DISABLE_ALL,
            "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new OnnxSessionSettings(options.OnnxIntraOpThreads, level);
    }

    public Microsoft.ML.OnnxRuntime.SessionOptions CreateSessionOptions() => new()
    {
        IntraOpNumThreads = IntraOpThreads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = Optimization,
    };

    public string Describe() => $"CPU execution provider, intra-op threads {IntraOpThreads}, graph optimization {Optimization}";
}
