namespace Berth.Services;

/// <summary>
/// The supervisor's decisions for one replica slot, pure over the slot's bookkeeping, the target's observation and a
/// time read from the caller's <see cref="TimeProvider"/>: probe or not, ready, exited (with the restart backoff), restart
/// when the backoff is over, kill for the memory limit. The supervision loop is the only caller; it performs the I/O.
/// </summary>
public static class ReplicaRules
{
    private const double BytesPerGb = 1024d * 1024 * 1024;

    /// <summary>True when the readiness probe should be sent: the replica is starting, runs and has published its address.</summary>
    public static bool ShouldProbe(ReplicaSlotState slot, ReplicaObservation observation)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(observation);
        return slot.Phase == ReplicaPhase.Starting && observation.ExitCode is null && observation.Running && observation.Url is not null;
    }

    /// <summary>Decides what to do with the slot at <paramref name="now"/>; <paramref name="memoryLimitGb"/> is the service's <c>memoryInGB</c>.</summary>
    public static ReplicaDecision Decide(
        string replicaId, ReplicaSlotState slot, ReplicaObservation observation, double? memoryLimitGb, DateTimeOffset now, RestartBackoffOptions backoff)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(backoff);
        switch (slot.Phase)
        {
            case ReplicaPhase.Starting or ReplicaPhase.Ready when observation.ExitCode is int code:
                var exit = new ReplicaEvent(replicaId, ReplicaEventKind.Exited, now)
                {
                    ExitCode = code,
                    Signal = SignalOf(code),
                    OomKilled = observation.OomKilled || slot.KilledForMemoryBytes is not null,
                    MemoryBytes = slot.KilledForMemoryBytes,
                    KilledByLivenessProbe = observation.KilledByLivenessProbe,
                };
                return new ReplicaDecision.Exited(exit, RestartBackoff.Next(slot.Restarts, slot.StartedAt, now, backoff), slot.Phase == ReplicaPhase.Ready);
            case ReplicaPhase.Starting or ReplicaPhase.Ready when OverLimit(slot, observation, memoryLimitGb) is { } limit:
                return new ReplicaDecision.KillForMemory(observation.MemoryBytes!.Value, limit);
            case ReplicaPhase.Starting when observation.Answers == true && observation.Url is { } url:
                return new ReplicaDecision.BecomeReady(url, now - slot.StartedAt);
            case ReplicaPhase.BackOff when now >= slot.RestartAt:
                return new ReplicaDecision.Restart();
            default:
                return ReplicaDecision.None;
        }
    }

    /// <summary>The signal name of an exit code of 128 + signal, else null.</summary>
    public static string? SignalOf(int exitCode) => exitCode switch
    {
        137 => "SIGKILL",
        143 => "SIGTERM",
        134 => "SIGABRT",
        139 => "SIGSEGV",
        130 => "SIGINT",
        > 128 and <= 128 + 64 => $"signal {exitCode - 128}",
        _ => null,
    };

    private static long? OverLimit(ReplicaSlotState slot, ReplicaObservation observation, double? memoryLimitGb)
    {
        if (memoryLimitGb is not double gb || observation.MemoryBytes is not long used || slot.KilledForMemoryBytes is not null)
        {
            return null;
        }

        var limit = (long)(gb * BytesPerGb);
        return used > limit ? limit : null;
    }
}
