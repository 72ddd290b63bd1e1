namespace Berth.Router.Routing;

/// <summary>How replica answers and failures become the caller's status codes (azureml-fe's rules).</summary>
internal static class StatusMapping
{
    /// <summary>A replica's 500 (run() raised) becomes 502 with the replica's body; every other status passes through.</summary>
    public static int FromReplica(int replicaStatus) => replicaStatus == 500 ? 502 : replicaStatus;

    public static RouterError Unauthorized(string service) =>
        new(401, $"Authorization failed for service '{service}': send the header 'Authorization: Bearer <key>' with the service's primary or secondary key.");

    public static RouterError NoReplicas(string service) =>
        new(503, $"Service '{service}' has no replica ready to take requests. Check the service state and logs; the request can be retried later.");

    public static RouterError Overloaded(string service, int maxQueueWaitMs) =>
        new(503, $"Service '{service}' is overloaded: no replica became free within maxQueueWaitMs={maxQueueWaitMs} ms. Retry later, or add replicas or raise maxConcurrentRequestsPerContainer.");

    public static RouterError Timeout(string service, int scoringTimeoutMs) =>
        new(504, $"Service '{service}' did not answer within scoringTimeoutMs={scoringTimeoutMs} ms. Make run() faster or raise scoringTimeoutMs.");

    public static RouterError ConnectFailed(string service, string replica, string reason) =>
        new(502, $"Service '{service}': could not connect to replica '{replica}' ({reason}). The replica may have crashed or be restarting.");

    public static RouterError Dropped(string service, string replica) =>
        new(502, $"Service '{service}': replica '{replica}' closed the connection before it finished its response. The replica may have crashed while running the request.");

    /// <summary>A failure of the router itself: 500, which azureml-fe also passes through as 500.</summary>
    public static RouterError Internal(string service, string requestId) =>
        new(500, $"The router failed to handle request '{requestId}' for service '{service}'. See the router log for this request id.");

    /// <summary>The caller's status for a named failure: 4xx for the caller's faults (499 is nginx's "client closed"), 5xx for the replica's.</summary>
    public static int StatusOf(ProxyError error) => error switch
    {
        ProxyError.BodyTooLarge => 413,
        ProxyError.BodyMalformed => 400,
        ProxyError.BodyStalled => 408,
        ProxyError.ClientGone => 499,
        ProxyError.ReplicaRefused or ProxyError.ReplicaDropped => 502,
        ProxyError.Timeout => 504,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    /// <summary>True when the caller caused the failure: counted as a client error, not against the replica.</summary>
    public static bool IsClientFault(ProxyError error) => error is ProxyError.BodyTooLarge or ProxyError.BodyMalformed or ProxyError.BodyStalled or ProxyError.ClientGone;

    /// <summary>The caller's failure as the answer the router writes (<see cref="ProxyError.ClientGone"/> is recorded, never written).</summary>
    public static RouterError ClientFault(string service, ProxyError error, long maxBodyBytes, TimeSpan idleTimeout, string? reason) => error switch
    {
        ProxyError.BodyTooLarge => new(413, $"The request body for service '{service}' is larger than the limit of {maxBodyBytes} bytes. Send a smaller payload."),
        ProxyError.BodyStalled => new(408, $"The request body for service '{service}' stopped arriving: no data for {idleTimeout.TotalMilliseconds:0} ms before it was complete. Send the whole body without pausing."),
        ProxyError.ClientGone => new(499, $"The caller of service '{service}' closed the connection before the answer."),
        _ => new(400, $"The request body for service '{service}' is malformed ({reason ?? "invalid framing"}). Check the Content-Length or the chunked encoding the client sends."),
    };

    public static RouterError ServiceNotFound(string service) =>
        new(404, $"No service named '{service}' is routed here.");
}
