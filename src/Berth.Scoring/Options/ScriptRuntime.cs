namespace Berth.Scoring.Options;

/// <summary>Which host serves the replica: an entry script by its file extension, or an ONNX model with no script.</summary>
internal enum ScriptRuntime
{
    Python,
    CSharp,

    /// <summary>No entry script: the .onnx model is served by ONNX Runtime in process.</summary>
    Onnx,
}
