namespace Berth.Router.Hosting;

/// <summary>Event ids by area: 2000-2099 router lifetime, 2100-2199 admin API, 2200-2299 data plane.</summary>
internal static class EventIds
{
    public const int Started = 2000;
    public const int DoorOpened = 2001;
    public const int DoorClosed = 2002;
    public const int DoorReopenFailed = 2003;
    public const int RoutesLoaded = 2004;
    public const int ClientError = 2100;
    public const int ServerError = 2101;
    public const int RouteChanged = 2102;
    public const int RouteDeleted = 2103;
    public const int Access = 2200;
    public const int ReplicaFailed = 2201;
    public const int ProxyFailed = 2202;
    public const int LateAnswer = 2203;
}

/// <summary>The router's log lines. Never a request body, never a key.</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventIds.Started, LogLevel.Information, "Berth router listening at {Url} with state in {StateDirectory} (pid {Pid})")]
    public static partial void Started(ILogger logger, string url, string stateDirectory, int pid);

    [LoggerMessage(EventIds.DoorOpened, LogLevel.Information, "Service {Service}: front door open at http://127.0.0.1:{Port}")]
    public static partial void DoorOpened(ILogger logger, string service, int port);

    [LoggerMessage(EventIds.DoorClosed, LogLevel.Information, "Service {Service}: front door on port {Port} closed")]
    public static partial void DoorClosed(ILogger logger, string service, int port);

    [LoggerMessage(EventIds.DoorReopenFailed, LogLevel.Error, "Service {Service}: could not reopen the front door on port {Port}: {Reason}")]
    public static partial void DoorReopenFailed(ILogger logger, string service, int port, string reason);

    [LoggerMessage(EventIds.RoutesLoaded, LogLevel.Information, "Loaded {Count} routes from {Path}")]
    public static partial void RoutesLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventIds.ClientError, LogLevel.Debug, "{Method} {Path} -> {Status} {Code}: {Message}")]
    public static partial void ClientError(ILogger logger, string method, string path, int status, string code, string message);

    [LoggerMessage(EventIds.ServerError, LogLevel.Error, "{Method} {Path} failed (trace {TraceId})")]
    public static partial void ServerError(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(EventIds.RouteChanged, LogLevel.Information, "Service {Service}: route set, port {Port}, {Replicas} replicas, max {MaxConcurrent} per replica, queue {MaxQueueWaitMs} ms, timeout {ScoringTimeoutMs} ms, auth {AuthEnabled}")]
    public static partial void RouteChanged(ILogger logger, string service, int port, int replicas, int maxConcurrent, int maxQueueWaitMs, int scoringTimeoutMs, bool authEnabled);

    [LoggerMessage(EventIds.RouteDeleted, LogLevel.Information, "Service {Service}: route deleted")]
    public static partial void RouteDeleted(ILogger logger, string service);

    [LoggerMessage(EventIds.Access, LogLevel.Information, "{Service} {Method} {Path} -> {Replica} {Status} in {DurationMs:0.0} ms (queued {QueueMs:0.0} ms, request {RequestId})")]
    public static partial void Access(ILogger logger, string service, string method, string path, string replica, int status, double durationMs, double queueMs, string requestId);

    [LoggerMessage(EventIds.ProxyFailed, LogLevel.Error, "{Service}: the router failed on request {RequestId}")]
    public static partial void ProxyFailed(ILogger logger, Exception exception, string service, string requestId);

    [LoggerMessage(EventIds.LateAnswer, LogLevel.Warning, "{Service}: replica {Replica} did not answer request {RequestId} within scoringTimeoutMs; its slot stays busy until it answers")]
    public static partial void LateAnswer(ILogger logger, string service, string replica, string requestId);

    [LoggerMessage(EventIds.ReplicaFailed, LogLevel.Warning, "{Service}: replica {Replica} failed: {Reason}")]
    public static partial void ReplicaFailed(ILogger logger, string service, string replica, string reason);
}
