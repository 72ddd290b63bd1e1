namespace Berth.Router.Proxy;

/// <summary>Data-plane settings of the router itself (not of a route): how long a request body may pause.</summary>
internal sealed record ProxySettings(TimeSpan BodyIdleTimeout)
{
    /// <summary>A caller that sends no body bytes for this long gets 408 (nginx's client_body_timeout is 60 s).</summary>
    public static readonly TimeSpan DefaultBodyIdleTimeout = TimeSpan.FromSeconds(30);
}
