namespace Berth.Scoring;

/// <summary>Process exit codes of <c>berth-scoring</c>; callers tell a boot failure apart from a crash by them.</summary>
internal static class ExitCodes
{
    /// <summary>Stopped on request (SIGTERM, Ctrl+C).</summary>
    public const int Ok = 0;

    /// <summary>Bad command line or configuration (the platform's server also exits 1 here).</summary>
    public const int Usage = 1;

    /// <summary>The entry script could not be loaded, compiled, or its init() raised (the platform's worker exit code 3).</summary>
    public const int BootFailed = 3;

    /// <summary>The port could not be bound (in use, or not permitted).</summary>
    public const int PortUnavailable = 4;

    /// <summary>An unexpected error inside berth-scoring itself.</summary>
    public const int Crash = 70;
}
