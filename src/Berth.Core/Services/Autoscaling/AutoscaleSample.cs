namespace Berth.Services.Autoscaling;

/// <summary>
/// One reading of the router's load for a service, from <c>GET /admin/v1/routes/{service}/stats</c>.
/// </summary>
/// <param name="At">When the caller read it (its <see cref="TimeProvider"/>).</param>
/// <param name="Utilization">
/// <c>recent.utilization1s</c>: the last second's mean of (running + queued) over the slots of the replicas in the route,
/// <c>replicas x maxConcurrentRequestsPerContainer</c>.
/// </param>
/// <param name="Replicas">
/// <c>replicas</c>: the replicas in the route, which are the ready ones; the utilization is over them. Starting replicas
/// take no traffic and are not in it.
/// </param>
/// <param name="MaxConcurrentRequestsPerContainer"><c>maxConcurrentRequestsPerContainer</c>: the slots per replica.</param>
/// <param name="RequestsPerSecond"><c>recent.requestsPerSecond1s</c>, for the event text.</param>
public sealed record AutoscaleSample(DateTimeOffset At, double Utilization, int Replicas, int MaxConcurrentRequestsPerContainer, double RequestsPerSecond)
{
    /// <summary>
    /// The requests in the system (running + queued) behind the utilization. With no replica the router divides by
    /// one slot, so demand still shows.
    /// </summary>
    public double ConcurrentRequests => Math.Max(0, Utilization) * Math.Max(1, Replicas) * Math.Max(1, MaxConcurrentRequestsPerContainer);
}
