namespace Berth.Router.Stats;

/// <summary>
/// A service's recent load, sampled every <see cref="Interval"/>: the requests in the system (running + queued) averaged
/// over the last second and the last minute, and requests per second over the same windows. It keeps the demand, not
/// the utilization: divided by the slots of the replicas in the route now, a window that spans a scale-up does not mix
/// two replica counts (a second of 40 requests over 1 replica then over 8 would average 22.5 "over 8", an overshoot
/// for the autoscaler). One writer (the sampler); readers take a snapshot under a lock.
/// </summary>
internal sealed class LoadWindow
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    public const int Capacity = 600;

    private readonly Lock _gate = new();
    private readonly double[] _demand = new double[Capacity];
    private readonly long[] _requests = new long[Capacity];
    private int _count;
    private int _next;

    /// <summary>One sample: the requests running and queued now, and the requests counted so far.</summary>
    public void Add(double demand, long requestsSoFar)
    {
        lock (_gate)
        {
            _demand[_next] = demand;
            _requests[_next] = requestsSoFar;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(Capacity, _count + 1);
        }
    }

    /// <summary>The mean requests in the system and the requests per second over the last <paramref name="window"/>.</summary>
    public (double Demand, double RequestsPerSecond) Over(TimeSpan window)
    {
        var samples = (int)Math.Clamp(window / Interval, 1, Capacity);
        lock (_gate)
        {
            var newestFirst = new (double Demand, long Requests)[Math.Min(samples + 1, _count)];
            for (var i = 0; i < newestFirst.Length; i++)
            {
                var index = (_next - 1 - i + Capacity) % Capacity;
                newestFirst[i] = (_demand[index], _requests[index]);
            }

            return Summarize(newestFirst, samples, Interval);
        }
    }

    /// <summary>The highest requests per second of any second in the last minute (what a 503's sizing needs after the spike).</summary>
    public double PeakRequestsPerSecond()
    {
        lock (_gate)
        {
            var requests = new long[_count];
            for (var i = 0; i < _count; i++)
            {
                requests[i] = _requests[(_next - 1 - i + Capacity) % Capacity];
            }

            return PeakPerSecond(requests, Interval);
        }
    }

    /// <summary>Pure: the largest count gained over any run of one second's readings (newest first), per second.</summary>
    public static double PeakPerSecond(ReadOnlySpan<long> requestsNewestFirst, TimeSpan interval)
    {
        var perSecond = Math.Max(1, (int)Math.Round(TimeSpan.FromSeconds(1) / interval));
        if (requestsNewestFirst.Length <= perSecond)
        {
            return requestsNewestFirst.Length < 2 ? 0 : (requestsNewestFirst[0] - requestsNewestFirst[^1]) / ((requestsNewestFirst.Length - 1) * interval.TotalSeconds);
        }

        long peak = 0;
        for (var i = 0; i + perSecond < requestsNewestFirst.Length; i++)
        {
            peak = Math.Max(peak, requestsNewestFirst[i] - requestsNewestFirst[i + perSecond]);
        }

        return peak / (perSecond * interval.TotalSeconds);
    }

    /// <summary>
    /// Pure: the mean demand of the newest <paramref name="samples"/> readings, and the requests counted between
    /// the oldest reading before them and the newest, per second. Fewer readings (just started) use what there is.
    /// </summary>
    public static (double Demand, double RequestsPerSecond) Summarize(ReadOnlySpan<(double Demand, long Requests)> newestFirst, int samples, TimeSpan interval)
    {
        if (newestFirst.IsEmpty)
        {
            return (0, 0);
        }

        var used = Math.Min(samples, newestFirst.Length);
        var sum = 0.0;
        for (var i = 0; i < used; i++)
        {
            sum += newestFirst[i].Demand;
        }

        var span = newestFirst.Length - 1;
        var rate = span == 0 ? 0 : (newestFirst[0].Requests - newestFirst[span].Requests) / (span * interval.TotalSeconds);
        return (sum / used, rate);
    }
}
