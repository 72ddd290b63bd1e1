namespace Berth.Services;

/// <summary>What happened to a replica.</summary>
public enum ReplicaEventKind
{
    /// <summary>The replica process (container, pod) was started.</summary>
    Started,

    /// <summary><c>init()</c> completed and the replica answers its health probe.</summary>
    Ready,

    /// <summary>The replica process ended; see <see cref="ReplicaEvent.ExitCode"/> and <see cref="ReplicaEvent.Signal"/>.</summary>
    Exited,
}
