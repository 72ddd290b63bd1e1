using System.Text.Json.Serialization;

namespace Berth.Configuration;

/// <summary>The language of the entry script: the inference config's <c>runtime</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScriptRuntime>))]
public enum ScriptRuntime
{
    /// <summary><c>python</c>: a <c>score.py</c> with <c>init()</c> and <c>run(input_data)</c>.</summary>
    Python,

    /// <summary><c>csharp</c>: a <c>score.cs</c> with <c>Init()</c> and <c>Run(...)</c>.</summary>
    CSharp,
}
