namespace Berth.Router.Routing;

/// <summary>One replica as the scheduler sees it: where it is and how many requests it runs now.</summary>
internal sealed class ReplicaState(string id, string url)
{
    private long _served;
    private long _failed;
    private long _ejectedUntil;

    public string Id { get; } = id;

    /// <summary>The base URL without a trailing slash; the request path is appended to it.</summary>
    public string BaseUrl { get; } = url.TrimEnd('/');

    /// <summary>In-flight requests; changed only under the scheduler's lock, read anywhere.</summary>
    public int InFlight { get; set; }

    public long Served => Interlocked.Read(ref _served);

    /// <summary>Until when (a <see cref="TimeProvider.GetTimestamp"/> reading) the balancer avoids this replica.</summary>
    public long EjectedUntil
    {
        get => Interlocked.Read(ref _ejectedUntil);
        set => Interlocked.Exchange(ref _ejectedUntil, value);
    }

    /// <summary>Requests answered with 502 or 504 because of this replica (run() raised, a refused or cut connection, a timeout).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void CountServed(bool failed)
    {
        Interlocked.Increment(ref _served);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    public bool Matches(string id, string url) => Id == id && BaseUrl == url.TrimEnd('/');
}
