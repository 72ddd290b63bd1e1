namespace Berth.Services.Autoscaling;

/// <summary>
/// The platform's sizing rule (MISSION R13): <c>replicas = ceil(target_rps x request_seconds / target_utilization /
/// max_requests_per_container)</c>. One function for the autoscaler, which knows the requests in the system now, and for
/// the 503 diagnosis, which knows a peak rate and a median run time (by Little's law both are the same concurrency).
/// </summary>
public static class ReplicaSizing
{
    // 2 x 0.7 / 0.7 is 2.0000000000000004 in doubles: a load exactly at the target needs no extra replica.
    private const double Rounding = 1e-9;

    /// <summary>
    /// The replicas that keep <paramref name="concurrentRequests"/> (running + queued) at <paramref name="targetUtilizationPercent"/>
    /// of the slots, with <paramref name="maxConcurrentRequestsPerContainer"/> slots per replica; at least 1.
    /// </summary>
    public static int ForConcurrency(double concurrentRequests, int targetUtilizationPercent, int maxConcurrentRequestsPerContainer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetUtilizationPercent);
        var replicas = Math.Max(0, concurrentRequests) / (targetUtilizationPercent / 100.0) / Math.Max(1, maxConcurrentRequestsPerContainer);
        return (int)Math.Clamp(Math.Ceiling(replicas - Rounding), 1, int.MaxValue);
    }

    /// <summary>The replicas for <paramref name="requestsPerSecond"/> requests of <paramref name="requestSeconds"/> each.</summary>
    public static int ForRate(double requestsPerSecond, double requestSeconds, int targetUtilizationPercent, int maxConcurrentRequestsPerContainer) =>
        ForConcurrency(requestsPerSecond * requestSeconds, targetUtilizationPercent, maxConcurrentRequestsPerContainer);
}
