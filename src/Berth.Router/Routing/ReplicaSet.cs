using Berth.Api.V1;

namespace Berth.Router.Routing;

/// <summary>An immutable set of replicas and the per-replica cap; swapped whole when the route changes.</summary>
internal sealed class ReplicaSet
{
    public static readonly ReplicaSet Empty = new([], 1);

    public ReplicaSet(IReadOnlyList<ReplicaState> replicas, int maxConcurrentPerReplica)
    {
        Replicas = replicas;
        MaxConcurrentPerReplica = Math.Max(1, maxConcurrentPerReplica);
    }

    public IReadOnlyList<ReplicaState> Replicas { get; }

    public int MaxConcurrentPerReplica { get; }

    public int Count => Replicas.Count;

    /// <summary>
    /// The set for <paramref name="endpoints"/>, reusing the state of every replica that keeps its id and URL so
    /// its in-flight count (and so the cap) carries over a swap.
    /// </summary>
    public static ReplicaSet Rebuild(ReplicaSet current, IReadOnlyList<ReplicaEndpoint> endpoints, int maxConcurrentPerReplica)
    {
        var replicas = new ReplicaState[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            replicas[i] = current.Replicas.FirstOrDefault(r => r.Matches(endpoint.Id, endpoint.Url)) ?? new ReplicaState(endpoint.Id, endpoint.Url);
        }

        return new ReplicaSet(replicas, maxConcurrentPerReplica);
    }

    public int BusySlots()
    {
        var busy = 0;
        foreach (var replica in Replicas)
        {
            busy += replica.InFlight;
        }

        return busy;
    }
}
