using Berth.Api.V1;
using Berth.Server.Targets.Local;

namespace Berth.Server.Services;

/// <summary>What a replica slot is doing.</summary>
internal enum ReplicaStatus
{
    Starting,
    Ready,
    BackOff,
    Stopped,
}

/// <summary>One replica position of a service generation: the current process, its status and restart bookkeeping.</summary>
internal sealed class ReplicaSlot(string id, string directory)
{
    public string Id { get; } = id;

    public string Directory { get; } = directory;

    public LocalReplica? Process { get; set; }

    /// <summary>How this slot's replicas start (its generation's app folder and interpreter).</summary>
    public ReplicaLaunch? Launch { get; set; }

    public ReplicaStatus Status { get; set; } = ReplicaStatus.Starting;

    public int Restarts { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset RestartAt { get; set; }

    public string? LastExit { get; set; }

    /// <summary>Set when Berth killed the replica for exceeding the memory limit, so the exit is reported as such.</summary>
    public long? KilledForMemoryBytes { get; set; }

    public ReplicaDto ToDto() => new(Id, Process?.Pid, Status == ReplicaStatus.Ready ? Process?.Url : null, Status.ToString(), Restarts, LastExit);
}
