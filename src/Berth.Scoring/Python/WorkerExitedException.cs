namespace Berth.Scoring.Python;

/// <summary>A Python worker process ended (during boot or while serving).</summary>
internal sealed class WorkerExitedException : Exception
{
    public WorkerExitedException(int pid, int exitCode)
        : base($"Worker with pid {pid} exited with code {exitCode}")
    {
        Pid = pid;
        ExitCode = exitCode;
    }

    public int Pid { get; }

    public int ExitCode { get; }

    /// <summary>False when the worker was gone before the request reached it: the request may safely go to another worker.</summary>
    public bool Delivered { get; init; } = true;
}
