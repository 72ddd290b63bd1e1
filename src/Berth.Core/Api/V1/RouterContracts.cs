namespace Berth.Api.V1;

/// <summary>
/// PUT /admin/v1/routes/{service} on the router: the service's front door and its replicas. <see cref="Port"/> 0
/// picks a free port (kept across later PUTs and router restarts). A PUT on an existing service swaps the
/// replica set atomically; requests already running on the old replicas finish there. <see cref="ReplicaToken"/>, when
/// set, is sent to the replicas in the <c>X-Berth-Replica-Token</c> header on every request (they refuse requests without it).
/// </summary>
public sealed record RouteSpec(
    string Service,
    int Port,
    IReadOnlyList<ReplicaEndpoint> Replicas,
    int MaxConcurrentRequestsPerContainer = RouteDefaults.MaxConcurrentRequestsPerContainer,
    int MaxQueueWaitMs = RouteDefaults.MaxQueueWaitMs,
    int ScoringTimeoutMs = RouteDefaults.ScoringTimeoutMs,
    bool AuthEnabled = false,
    string? PrimaryKey = null,
    string? SecondaryKey = null,
    string? ReplicaToken = null);

/// <summary>One replica behind a front door: a stable id (shown in logs and errors) and its base URL, e.g. http://127.0.0.1:5001.</summary>
public sealed record ReplicaEndpoint(string Id, string Url);

/// <summary>The hosted platform's defaults for a route's settings.</summary>
public static class RouteDefaults
{
    public const int MaxConcurrentRequestsPerContainer = 1;
    public const int MaxQueueWaitMs = 500;
    public const int ScoringTimeoutMs = 60_000;
}

/// <summary>
/// A route as the router serves it (never the keys). <see cref="FrontDoorOpen"/> is false when the router
/// could not reopen the port after a restart; <see cref="Error"/> then says why.
/// </summary>
public sealed record RouteStatus(
    string Service,
    int Port,
    string ScoringUri,
    string ClusterScoringUri,
    IReadOnlyList<ReplicaEndpoint> Replicas,
    int MaxConcurrentRequestsPerContainer,
    int MaxQueueWaitMs,
    int ScoringTimeoutMs,
    bool AuthEnabled,
    bool FrontDoorOpen,
    string? Error);

/// <summary>
/// GET /admin/v1/routes/{service}/stats: what the router has counted since the route was created or the router
/// started. <see cref="Utilization"/> is the instant value, (busy slots + queued) / (replicas x maxConcurrentRequestsPerContainer);
/// <see cref="BusyReplicas"/> (replicas running at least one request) gives the platform's older busy-replicas ratio.
/// <see cref="ClientErrors"/> counts requests that failed because of the caller (413 body too large, 400 malformed body,
/// 408 stalled body, 499 caller gone): they are in <see cref="RequestsByStatus"/> but never counted against a replica.
/// </summary>
public sealed record RouteStats(
    string Service,
    long Requests,
    IReadOnlyDictionary<string, long> RequestsByStatus,
    long Status502,
    long Status503,
    long Status504,
    long Status401,
    QueueWaitStats QueueWaitMs,
    double RunTimeMaxMs,
    int BusySlots,
    int BusyReplicas,
    int Queued,
    int Replicas,
    int MaxConcurrentRequestsPerContainer,
    double Utilization,
    LoadStats Recent,
    IReadOnlyList<ReplicaStats> ReplicaLoad,
    IReadOnlyList<RequestSample> SlowestRecent,
    long ClientErrors = 0,
    long NoReplica503 = 0,
    double? RunTimeP50Ms = null,
    double? PeakRequestsPerSecond60s = null);

/// <summary>
/// Load averaged from 100 ms samples: utilization over the last second (for adding replicas fast) and the last minute
/// (for removing them conservatively), and requests per second over the same windows. The utilization is the window's
/// mean of running + queued requests over the slots of the replicas in the route now (<see cref="RouteStats.Replicas"/>
/// x <see cref="RouteStats.MaxConcurrentRequestsPerContainer"/> of the same snapshot), so utilization x replicas is the
/// demand even across a scale-up.
/// </summary>
public sealed record LoadStats(double Utilization1s, double Utilization60s, double RequestsPerSecond1s, double RequestsPerSecond60s);

/// <summary>Queue wait of admitted and rejected requests, in milliseconds (p50 and p99 from a log-bucket histogram, within about 10%).</summary>
public sealed record QueueWaitStats(double P50, double P99, double Max, long Count);

/// <summary>One replica's in-flight requests, how many it has served, and how many of those failed with 502 or 504 because of it.</summary>
public sealed record ReplicaStats(string Id, string Url, int InFlight, long Served, long Failed);

/// <summary>One finished request among the most recent ones: no body, no key.</summary>
public sealed record RequestSample(
    DateTimeOffset At,
    string RequestId,
    string Method,
    string Path,
    string? Replica,
    int Status,
    double DurationMs,
    double QueueWaitMs,
    double? RunTimeMs);

/// <summary>router.json in the router's state folder, written once it listens.</summary>
public sealed record RouterInfo(string Url, int Pid);

/// <summary>The error codes of the router's admin API (problem details <c>code</c>).</summary>
public static class RouterErrorCodes
{
    public const string RouteInvalid = "route.invalid";
    public const string RouteNotFound = "route.not_found";
    public const string PortInUse = "route.port_in_use";
    public const string AdminRouteNotFound = "request.invalid.route";
}
