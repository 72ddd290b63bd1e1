using System.Text.Json.Serialization;

namespace Berth.Configuration;

/// <summary>The language of the entry script, or none for an ONNX model served as it is: the inference config's <c>runtime</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScriptRuntime>))]
public enum ScriptRuntime
{
    /// <summary><c>python</c>: a <c>score.py</c> with <c>init()</c> and <c>run(input_data)</c>.</summary>
    Python,

    /// <summary><c>csharp</c>: a <c>score.cs</c> with <c>Init()</c> and <c>Run(...)</c>.</summary>
    CSharp,

    /// <summary><c>onnx</c>: no entry script; the replica serves the models' one <c>.onnx</c> file with ONNX Runtime.</summary>
    Onnx,
}
