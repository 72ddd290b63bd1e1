namespace Berth.Services;

/// <summary>
/// What a target reports about one replica at one moment, the same on every target: whether it runs, how it ended,
/// where it listens, how much memory it uses and what the scheduler says. The supervisor's rules read only this.
/// </summary>
public sealed record ReplicaObservation
{
    /// <summary>The process (or container) exists and has not ended.</summary>
    public bool Running { get; init; }

    /// <summary>The exit code once it ended (128 + signal when a signal ended it), else null.</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when the target itself knows the memory limit killed it (Docker's <c>OOMKilled</c>, the kernel's oom_kill).</summary>
    public bool OomKilled { get; init; }

    /// <summary>Processes of the replica (its workers) the kernel's OOM killer ended since it started, where the target can count them (a local replica's cgroup).</summary>
    public long OomKills { get; init; }

    /// <summary>True when the cluster's kubelet ended it because its liveness probe failed (its event <c>Killing</c>: <c>failed liveness probe</c>).</summary>
    public bool KilledByLivenessProbe { get; init; }

    /// <summary>The node cannot pull its image: (waiting reason, the kubelet's message, the image); else null.</summary>
    public (string Reason, string Message, string Image)? ImagePull { get; init; }

    /// <summary>The cluster refused to create its pod (a quota, an admission policy): (namespace, the cluster's message); else null.</summary>
    public (string Namespace, string Message)? CreateRefused { get; init; }

    /// <summary>The cluster's scheduler cannot place it (a pod Pending with <c>FailedScheduling</c>); <see cref="Message"/> is the scheduler's message.</summary>
    public bool Unschedulable { get; init; }

    /// <summary>The address the replica published once it listens, else null.</summary>
    public string? Url { get; init; }

    /// <summary>Resident memory of the replica and its workers, when the target can measure it (the local target); else null.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The readiness probe's answer: true when it answered, false when it did not, null when not probed.</summary>
    public bool? Answers { get; init; }

    /// <summary>The scheduler's or engine's own message (why a pod is pending, why a container did not start), when it has one.</summary>
    public string? Message { get; init; }

    /// <summary>An observation of a replica that has ended with <paramref name="exitCode"/>.</summary>
    public static ReplicaObservation Ended(int exitCode, bool oomKilled = false) => new() { ExitCode = exitCode, OomKilled = oomKilled };
}
