namespace Berth.Services;

/// <summary>The supervisor's bookkeeping for one replica slot, as <see cref="ReplicaRules"/> reads it.</summary>
/// <param name="Phase">What the slot is doing.</param>
/// <param name="Restarts">Restarts since the last reset of the backoff.</param>
/// <param name="StartedAt">When the slot's current replica started.</param>
/// <param name="RestartAt">When a slot in <see cref="ReplicaPhase.BackOff"/> starts again.</param>
/// <param name="KilledForMemoryBytes">Set when Berth killed the replica for its memory limit, with the memory it used then.</param>
public sealed record ReplicaSlotState(
    ReplicaPhase Phase, int Restarts, DateTimeOffset StartedAt, DateTimeOffset RestartAt, long? KilledForMemoryBytes = null);
