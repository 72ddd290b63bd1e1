namespace Berth.Scoring.Options;

/// <summary>Which host runs the entry script, chosen by its file extension.</summary>
internal enum ScriptRuntime
{
    Python,
    CSharp,
}
