using System.Collections.Concurrent;
using Berth.Api.V1;

namespace Berth.Router.Stats;

/// <summary>
/// Everything counted for one service, with lock-free counters: the admin stats API reads them, and
/// <see cref="RouterMeter"/> observes them for /metrics.
/// </summary>
internal sealed class ServiceCounters
{
    private readonly ConcurrentDictionary<int, StrongBox> _byStatus = new();
    private long _requests;
    private long _clientErrors;
    private long _noReplica;
    private long _runTimeMaxMicroseconds;

    public LogHistogram QueueWait { get; } = new();

    /// <summary>How long run() took on the replica (microseconds), for the median a 503's sizing uses.</summary>
    public LogHistogram RunTime { get; } = new();

    public RecentRequests Recent { get; } = new();

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests that failed because of the caller (body too large, malformed or stalled, caller gone), never the replica.</summary>
    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    /// <summary>Requests answered 503 because no replica was ready (not because the ready ones were busy).</summary>
    public long NoReplicaRejections => Interlocked.Read(ref _noReplica);

    public double RunTimeMaxMs => Interlocked.Read(ref _runTimeMaxMicroseconds) / 1000.0;

    /// <summary>
    /// Counts one finished request. The total is counted last, so a reader that sees it has grown also sees the
    /// request's status, its client-error count and its sample.
    /// </summary>
    public void Record(RequestSample sample, bool clientError = false, bool noReplica = false)
    {
        if (clientError)
        {
            Interlocked.Increment(ref _clientErrors);
        }

        if (noReplica)
        {
            Interlocked.Increment(ref _noReplica);
        }

        Interlocked.Increment(ref _byStatus.GetOrAdd(sample.Status, static _ => new StrongBox()).Value);
        QueueWait.Record((long)(sample.QueueWaitMs * 1000));
        if (sample.RunTimeMs is double run)
        {
            RaiseMax(ref _runTimeMaxMicroseconds, (long)(run * 1000));
            RunTime.Record((long)(run * 1000));
        }

        Recent.Add(sample);
        Interlocked.Increment(ref _requests);
    }

    public long CountOf(int status) => _byStatus.TryGetValue(status, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Requests by status code, ordered by code.</summary>
    public IReadOnlyList<KeyValuePair<int, long>> ByStatus() =>
        _byStatus.Select(p => KeyValuePair.Create(p.Key, Interlocked.Read(ref p.Value.Value))).OrderBy(p => p.Key).ToList();

    private static void RaiseMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
