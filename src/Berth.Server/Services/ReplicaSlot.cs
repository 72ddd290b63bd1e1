using Berth.Api.V1;
using Berth.Server.Targets;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// One replica position of a service generation: the target's current replica, its phase and restart bookkeeping.
/// Only the supervision loop changes a slot once it is started (<see cref="ReplicaSupervisor"/>).
/// </summary>
internal sealed class ReplicaSlot(string id, string directory)
{
    public string Id { get; } = id;

    public string Directory { get; } = directory;

    /// <summary>The replica the target runs for this slot now; null before the first start.</summary>
    public IReplica? Replica { get; set; }

    /// <summary>How this slot's replicas start (its generation's app folder and interpreter).</summary>
    public ReplicaLaunch? Launch { get; set; }

    public ReplicaPhase Status { get; set; } = ReplicaPhase.Starting;

    public int Restarts { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset RestartAt { get; set; }

    public string? LastExit { get; set; }

    /// <summary>Set when Berth killed the replica for exceeding the memory limit, so the exit is reported as such.</summary>
    public long? KilledForMemoryBytes { get; set; }

    /// <summary>Workers of the current replica the kernel's OOM killer ended (its cgroup's count), as last seen.</summary>
    public long WorkerOomKills { get; set; }

    /// <summary>Since when the cluster's scheduler cannot place the replica, else null.</summary>
    public DateTimeOffset? UnschedulableSince { get; set; }

    /// <summary>Why the node cannot pull the replica's image, while it cannot.</summary>
    public Berth.Diagnosis.ImagePullFailure? ImagePullFailure { get; set; }

    /// <summary>The cluster refuses to create the slot's pod, while it does.</summary>
    public Berth.Diagnosis.PodsRefused? PodsRefused { get; set; }

    /// <summary>The scheduler's message while it cannot place the replica.</summary>
    public string? SchedulingMessage { get; set; }

    /// <summary>The address the ready replica serves at, else null.</summary>
    public string? Url { get; set; }

    /// <summary>The bookkeeping <see cref="ReplicaRules"/> decides from.</summary>
    public ReplicaSlotState State => new(Status, Restarts, StartedAt, RestartAt, KilledForMemoryBytes);

    public ReplicaDto ToDto() => new(Id, Replica?.Pid, Status == ReplicaPhase.Ready ? Url : null, Status.ToString(), Restarts, LastExit);
}
