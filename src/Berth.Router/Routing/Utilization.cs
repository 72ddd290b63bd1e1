namespace Berth.Router.Routing;

/// <summary>The autoscaler's load signal, as azureml-fe computes it.</summary>
internal static class Utilization
{
    /// <summary>
    /// (requests running + requests queued) / (replicas x maxConcurrentRequestsPerContainer). With the default of one
    /// request per container this is azureml-fe's (busy replicas + queued) / replicas; dividing by the slots keeps
    /// it consistent with the sizing rule replicas = ceil(rps x seconds / target / maxConcurrentRequestsPerContainer).
    /// With no replica, any demand counts as if there were one slot, so the autoscaler still sees it.
    /// </summary>
    public static double Compute(int busy, int queued, int replicas, int maxConcurrentPerReplica) =>
        Of(Math.Max(0, busy) + Math.Max(0, queued), replicas, maxConcurrentPerReplica);

    /// <summary><paramref name="demand"/> (requests running + queued, or their mean over a window) over the slots of <paramref name="replicas"/>.</summary>
    public static double Of(double demand, int replicas, int maxConcurrentPerReplica) =>
        Math.Max(0, demand) / (Math.Max(1, replicas) * Math.Max(1, maxConcurrentPerReplica));
}
