namespace Berth.Router.Routing;

/// <summary>Picks the replica for the next request: least outstanding requests below the cap, round-robin on ties.</summary>
internal static class ReplicaBalancer
{
    /// <summary>
    /// The index of the replica with the fewest in-flight requests among those under <paramref name="cap"/>,
    /// scanning from <paramref name="start"/> so that equal loads take turns; -1 when every replica is full.
    /// </summary>
    public static int Choose(ReadOnlySpan<int> inFlight, int cap, int start) => Choose(inFlight, [], cap, start);

    /// <summary>
    /// As <see cref="Choose(ReadOnlySpan{int}, int, int)"/>, skipping replicas marked in <paramref name="ejected"/>
    /// (they refused a connection a moment ago) while any replica is not ejected; when all are, all are candidates,
    /// so a request still gets an honest answer from one of them.
    /// </summary>
    public static int Choose(ReadOnlySpan<int> inFlight, ReadOnlySpan<bool> ejected, int cap, int start)
    {
        var count = inFlight.Length;
        if (count == 0)
        {
            return -1;
        }

        var skipEjected = ejected.Length == count && ejected.Contains(false);
        start = (int)((uint)start % (uint)count);
        var best = -1;
        var bestLoad = int.MaxValue;
        for (var k = 0; k < count; k++)
        {
            var i = start + k;
            if (i >= count)
            {
                i -= count;
            }

            var load = inFlight[i];
            if (load < cap && load < bestLoad && !(skipEjected && ejected[i]))
            {
                best = i;
                bestLoad = load;
            }
        }

        return best;
    }
}
