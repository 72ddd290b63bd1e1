namespace Berth.Server;

/// <summary>Event ids by area: 1000-1099 server lifetime, 1100-1199 API, 1200-1299 registry, 1300-1399 services, 1400-1499 compute targets.</summary>
internal static class EventIds
{
    public const int Started = 1000;
    public const int RemovedLeftover = 1001;
    public const int ClientError = 1100;
    public const int ServerError = 1101;
    public const int ModelRegistered = 1200;
    public const int ModelDeleted = 1201;
    public const int EnvironmentRegistered = 1202;
    public const int UploadReceived = 1203;
    public const int RouterStarted = 1300;
    public const int ServiceEvent = 1301;
    public const int SupervisorFailed = 1302;
    public const int OperationFailed = 1303;
    public const int OperationsOutlivedStop = 1304;
    public const int DeleteOutwaited = 1305;
    public const int ComputeAttached = 1400;
    public const int ComputeDetached = 1401;
}

internal static partial class ServerLog
{
    [LoggerMessage(EventIds.Started, LogLevel.Information, "Berth server listening at {Url} for workspace {Workspace} (pid {Pid}); berth-router admin API at {RouterUrl}")]
    public static partial void Started(ILogger logger, string url, string workspace, int pid, string routerUrl);

    [LoggerMessage(EventIds.RemovedLeftover, LogLevel.Warning, "Removed {Path}, left over from an interrupted registration or deletion")]
    public static partial void RemovedLeftover(ILogger logger, string path);

    [LoggerMessage(EventIds.ClientError, LogLevel.Debug, "{Method} {Path} -> {Status} {Code}: {Message}")]
    public static partial void ClientError(ILogger logger, string method, string path, int status, string code, string message);

    [LoggerMessage(EventIds.ServerError, LogLevel.Error, "{Method} {Path} failed (trace {TraceId})")]
    public static partial void ServerError(ILogger logger, Exception exception, string method, string path, string traceId);

    [LoggerMessage(EventIds.ModelRegistered, LogLevel.Information, "Registered model {Name}:{Version} ({Files} files, {Bytes} bytes)")]
    public static partial void ModelRegistered(ILogger logger, string name, int version, int files, long bytes);

    [LoggerMessage(EventIds.ModelDeleted, LogLevel.Information, "Deleted model {Name}:{Version}")]
    public static partial void ModelDeleted(ILogger logger, string name, int version);

    [LoggerMessage(EventIds.EnvironmentRegistered, LogLevel.Information, "Registered environment {Name}:{Version} (hash {Hash}, reused {Reused})")]
    public static partial void EnvironmentRegistered(ILogger logger, string name, int version, string hash, bool reused);

    [LoggerMessage(EventIds.UploadReceived, LogLevel.Information, "Received upload {Id} ({Files} files, {Bytes} bytes)")]
    public static partial void UploadReceived(ILogger logger, string id, int files, long bytes);

    [LoggerMessage(EventIds.RouterStarted, LogLevel.Information, "Started the router at {Url} (pid {Pid})")]
    public static partial void RouterStarted(ILogger logger, string url, int pid);

    [LoggerMessage(EventIds.ServiceEvent, LogLevel.Information, "Service {Service}: {Message}")]
    public static partial void ServiceEvent(ILogger logger, string service, string message);

    [LoggerMessage(EventIds.SupervisorFailed, LogLevel.Error, "Supervising service {Service} failed")]
    public static partial void SupervisorFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(EventIds.OperationFailed, LogLevel.Error, "The {Operation} of service {Service} failed inside Berth")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string operation, string service);

    [LoggerMessage(EventIds.OperationsOutlivedStop, LogLevel.Warning, "{Count} operation(s) still ran {Seconds} s after the server began to stop")]
    public static partial void OperationsOutlivedStop(ILogger logger, int count, double seconds);

    [LoggerMessage(EventIds.DeleteOutwaited, LogLevel.Warning, "Deleting service {Service}: its running operation did not end within {Seconds} s; deleting anyway")]
    public static partial void DeleteOutwaited(ILogger logger, string service, double seconds);

    [LoggerMessage(EventIds.ComputeAttached, LogLevel.Information, "Attached compute target {Name}: context {Context}, namespace {Namespace}, Kubernetes {Version}")]
    public static partial void ComputeAttached(ILogger logger, string name, string context, string @namespace, string version);

    [LoggerMessage(EventIds.ComputeDetached, LogLevel.Information, "Detached compute target {Name}")]
    public static partial void ComputeDetached(ILogger logger, string name);
}
