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
    string LogLevel);
