namespace Berth.Router.Stats;

/// <summary>
/// A service's recent load, sampled every <see cref="Interval"/>: utilization averaged over the last second and the
/// last minute (the autoscaler adds replicas on the first, removes them on the second), and requests per second
/// over the same windows. One writer (the sampler); readers take a snapshot under a lock.
/// </summary>
internal sealed class LoadWindow
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    public const int Capacity = 600;

    private readonly Lock _gate = new();
    private readonly double[] _utilization = new double[Capacity];
    private readonly long[] _requests = new long[Capacity];
    private int _count;
    private int _next;

    public void Add(double utilization, long requestsSoFar)
    {
        lock (_gate)
        {
            _utilization[_next] = utilization;
            _requests[_next] = requestsSoFar;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(Capacity, _count + 1);
        }
    }

    /// <summary>Average utilization and requests per second over the last <paramref name="window"/>.</summary>
    public (double Utilization, double RequestsPerSecond) Over(TimeSpan window)
    {
        var samples = (int)Math.Clamp(window / Interval, 1, Capacity);
        lock (_gate)
        {
            var newestFirst = new (double Utilization, long Requests)[Math.Min(samples + 1, _count)];
            for (var i = 0; i < newestFirst.Length; i++)
            {
                var index = (_next - 1 - i + Capacity) % Capacity;
                newestFirst[i] = (_utilization[index], _requests[index]);
            }

            return Summarize(newestFirst, samples, Interval);
        }
    }

    /// <summary>
    /// Pure: the mean utilization of the newest <paramref name="samples"/> readings, and the requests counted between
    /// the oldest reading before them and the newest, per second. Fewer readings (just started) use what there is.
    /// </summary>
    public static (double Utilization, double RequestsPerSecond) Summarize(ReadOnlySpan<(double Utilization, long Requests)> newestFirst, int samples, TimeSpan interval)
    {
        if (newestFirst.IsEmpty)
        {
            return (0, 0);
        }

        var used = Math.Min(samples, newestFirst.Length);
        var sum = 0.0;
        for (var i = 0; i < used; i++)
        {
            sum += newestFirst[i].Utilization;
        }

        var span = newestFirst.Length - 1;
        var rate = span == 0 ? 0 : (newestFirst[0].Requests - newestFirst[span].Requests) / (span * interval.TotalSeconds);
        return (sum / used, rate);
    }
}
