using Berth.Api.V1;

namespace Berth.Router.Stats;

/// <summary>A lock-free ring of the last <see cref="Capacity"/> finished requests, for "slowest recent requests".</summary>
internal sealed class RecentRequests
{
    public const int Capacity = 256;

    private readonly RequestSample?[] _ring = new RequestSample?[Capacity];
    private long _next = -1;

    public void Add(RequestSample sample)
    {
        var slot = (int)((ulong)Interlocked.Increment(ref _next) % Capacity);
        Volatile.Write(ref _ring[slot], sample);
    }

    /// <summary>The <paramref name="count"/> slowest of the recent requests, slowest first.</summary>
    public IReadOnlyList<RequestSample> Slowest(int count) =>
        _ring.Where(s => s is not null).Select(s => s!).OrderByDescending(s => s.DurationMs).ThenByDescending(s => s.At).Take(count).ToList();
}
