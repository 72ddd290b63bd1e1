using Berth.Api.V1;
using Berth.Router.Routing;

namespace Berth.Router.Proxy;

/// <summary>What one proxied request did, filled in as it goes: for the answer, the counters and the access line.</summary>
internal sealed class ProxyExchange(HttpContext context, string service, RouteSpec spec, string requestId)
{
    public HttpContext Context { get; } = context;

    public string Service { get; } = service;

    public RouteSpec Spec { get; } = spec;

    public string RequestId { get; } = requestId;

    /// <summary>The path sent to the replica (<c>/score</c>, <c>/v2/models/m/infer</c>): it decides the shape of the router's own error bodies.</summary>
    public PathString Path { get; init; }

    /// <summary>The id of the replica that got the request last, or null when none did.</summary>
    public string? Replica { get; set; }

    public int Status { get; set; }

    public TimeSpan Waited { get; set; }

    public double? RunTimeMs { get; set; }

    /// <summary>The named failure that ended the request, when one did.</summary>
    public ProxyError? Error { get; set; }

    /// <summary>True when the caller caused the failure (counted as a client error, not against the replica).</summary>
    public bool ClientFault => Error is { } error && StatusMapping.IsClientFault(error);

    /// <summary>True when the caller went away: nothing more can be written.</summary>
    public bool CallerGone => Context.RequestAborted.IsCancellationRequested;
}
