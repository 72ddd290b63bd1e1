namespace Berth.Services;

/// <summary>
/// One observed fact about a replica: it started, became ready, or exited (with its exit code or signal).
/// Targets report these; restart backoff, crash-loop detection and diagnosis read them.
/// </summary>
/// <param name="ReplicaId">The replica, e.g. <c>replica-1</c> or a pod name.</param>
/// <param name="Kind">What happened.</param>
/// <param name="At">When it happened.</param>
public sealed record ReplicaEvent(string ReplicaId, ReplicaEventKind Kind, DateTimeOffset At)
{
    /// <summary>The process exit code for <see cref="ReplicaEventKind.Exited"/> (137 for SIGKILL as reported by Docker).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the process, e.g. <c>SIGKILL</c>, when it did not exit by itself.</summary>
    public string? Signal { get; init; }

    /// <summary>True when the target knows the memory limit killed it (cgroup <c>oom_kill</c>, Docker <c>OOMKilled</c>).</summary>
    public bool OomKilled { get; init; }

    /// <summary>True when the cluster's kubelet killed it because its liveness probe failed.</summary>
    public bool KilledByLivenessProbe { get; init; }

    /// <summary>The replica's memory use last seen before the exit, in bytes, when known.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The process id, when known.</summary>
    public int? Pid { get; init; }

    /// <summary>True when this exit was a crash: a non-zero exit code, a signal, or an OOM kill.</summary>
    public bool IsCrash => Kind == ReplicaEventKind.Exited && (ExitCode is not (null or 0) || Signal is not null || OomKilled);

    /// <summary>Renders the exit as <c>exit code 137 (SIGKILL, killed by the memory limit)</c>.</summary>
    public string DescribeExit()
    {
        var parts = new List<string>();
        if (Signal is not null)
        {
            parts.Add(Signal);
        }

        if (OomKilled)
        {
            parts.Add("killed by the memory limit");
        }

        if (KilledByLivenessProbe)
        {
            parts.Add("killed by its liveness probe");
        }

        var code = ExitCode is int c ? $"exit code {c}" : "no exit code";
        return parts.Count == 0 ? code : $"{code} ({string.Join(", ", parts)})";
    }
}
