namespace Berth.Scoring.Python;

/// <summary>What every Python worker of a replica is started with.</summary>
internal sealed record WorkerSettings(
    string PythonExecutable,
    string WorkerScript,
    string EntryScript,
    string AppRoot,
    string? ModelDir,
    string? SourceDirectory,
    int ScoringTimeoutMs,
    string LogLevel)
{
    /// <summary>When set, the worker listens for debugpy on 127.0.0.1 at this port before it loads the script.</summary>
    public int? DebugPort { get; init; }

    /// <summary>With <see cref="DebugPort"/>: init() waits until a debugger attaches.</summary>
    public bool DebugWait { get; init; }
}
