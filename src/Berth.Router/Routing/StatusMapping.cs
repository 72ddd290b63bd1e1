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

    public static RouterError ServiceNotFound(string service) =>
        new(404, $"No service named '{service}' is routed here.");
}
