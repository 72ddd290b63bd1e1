namespace Berth.Services;

/// <summary>What a replica slot is doing, on every target.</summary>
public enum ReplicaPhase
{
    /// <summary>Started; init() runs and the readiness probe has not answered yet.</summary>
    Starting,

    /// <summary>Answers its readiness probe: the router sends it requests.</summary>
    Ready,

    /// <summary>Exited; waits for its restart time (the backoff).</summary>
    BackOff,

    /// <summary>Stopped on purpose (delete, a retired generation): nothing restarts it.</summary>
    Stopped,
}
