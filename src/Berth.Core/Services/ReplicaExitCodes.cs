namespace Berth.Services;

/// <summary>Exit codes a replica's end is read by.</summary>
public static class ReplicaExitCodes
{
    /// <summary>
    /// A boot error: the configuration, the entry script or <c>init()</c> failed (the inference server calls
    /// <c>sys.exit(3)</c>, which gunicorn treats as a boot error; Berth's scoring replica does the same).
    /// </summary>
    public const int InitFailed = 3;

    /// <summary>128 + 9: ended by SIGKILL, which is how a memory limit (cgroup OOM killer, Docker, Kubernetes) ends a process.</summary>
    public const int Sigkill = 137;
}
