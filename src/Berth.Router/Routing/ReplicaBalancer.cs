namespace Berth.Router.Routing;

/// <summary>Picks the replica for the next request: least outstanding requests below the cap, round-robin on ties.</summary>
internal static class ReplicaBalancer
{
    /// <summary>
    /// The index of the replica with the fewest in-flight requests among those under <paramref name="cap"/>,
    /// scanning from <paramref name="start"/> so that equal loads take turns; -1 when every replica is full.
    /// </summary>
    public static int Choose(ReadOnlySpan<int> inFlight, int cap, int start)
    {
        var count = inFlight.Length;
        if (count == 0)
        {
            return -1;
        }

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
            if (load < cap && load < bestLoad)
            {
                best = i;
                bestLoad = load;
            }
        }

        return best;
    }
}
