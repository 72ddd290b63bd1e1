namespace Berth.Hosting;

/// <summary>Fixed texts the replica prints at a known failure, for the diagnosis rules to match (the replica writes them, the rules read them).</summary>
public static class ReplicaLogMarkers
{
    /// <summary>
    /// The ONNX model could not be loaded by ONNX Runtime: <c>ONNX model failed to load: &lt;file&gt;: &lt;ONNX Runtime's message&gt;</c>
    /// (not valid ONNX, an opset or IR version the runtime does not support, a missing custom operator).
    /// </summary>
    public const string OnnxLoadFailed = "ONNX model failed to load: ";
}
