namespace Berth.Services;

/// <summary>What <see cref="CrashLoopDetector"/> concluded about a service's replicas.</summary>
/// <param name="IsCrashLooping">True when a replica failed at start at least the threshold number of times in a row.</param>
/// <param name="ReplicaId">The replica with the longest run of failed starts; null when none failed.</param>
/// <param name="ConsecutiveStartFailures">How many times in a row that replica exited before becoming ready.</param>
/// <param name="Exits">Those exits, oldest first.</param>
public sealed record CrashLoopStatus(
    bool IsCrashLooping, string? ReplicaId, int ConsecutiveStartFailures, IReadOnlyList<ReplicaEvent> Exits)
{
    /// <summary>No replica failed at start.</summary>
    public static CrashLoopStatus None { get; } = new(false, null, 0, []);

    /// <summary>The state detail to show: <see cref="ServiceStateDetails.CrashLoopBackOff"/> or null.</summary>
    public string? StateDetail => IsCrashLooping ? ServiceStateDetails.CrashLoopBackOff : null;
}
