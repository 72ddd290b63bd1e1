namespace Berth.Diagnosis;

/// <summary>What the router counted for a service over a recent window.</summary>
/// <param name="TotalRequests">All requests in the window.</param>
/// <param name="StatusCounts">Requests by the status the router answered (200, 502, 503, 504, ...).</param>
public sealed record RouterStats(long TotalRequests, IReadOnlyDictionary<int, long> StatusCounts)
{
    /// <summary>Requests that failed because of the caller (413, 400, 408, 499 decided by the router): never run()'s fault.</summary>
    public long ClientErrors { get; init; }

    /// <summary>Requests answered 503 because no replica was ready at all (starting, backing off, crashed), not because they were busy.</summary>
    public long NoReplicaRejections { get; init; }

    /// <summary>The requests that could have reached run(): all but the client errors.</summary>
    public long ServedRequests => Math.Max(0, TotalRequests - ClientErrors);

    /// <summary>The longest waits for a free replica slot, in ms, longest first.</summary>
    public IReadOnlyList<double> LongestQueueWaitsMs { get; init; } = [];

    /// <summary>The slowest run() times, in ms, slowest first (a request cut at the timeout counts as the timeout).</summary>
    public IReadOnlyList<double> SlowestRunTimesMs { get; init; } = [];

    /// <summary>The median run() time in ms, when known.</summary>
    public double? MedianRunTimeMs { get; init; }

    /// <summary>The highest request rate seen, per second, when known.</summary>
    public double? PeakRequestsPerSecond { get; init; }

    /// <summary>The count for <paramref name="status"/>, 0 when absent.</summary>
    public long Count(int status) => StatusCounts.TryGetValue(status, out var n) ? n : 0;
}
