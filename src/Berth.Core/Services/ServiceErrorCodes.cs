namespace Berth.Services;

/// <summary>Stable error codes for service operations. Clients may switch on these strings.</summary>
public static class ServiceErrorCodes
{
    public const string NotFound = "service.not_found";

    public const string NameInvalid = "service.name_invalid";

    /// <summary>A service of that name exists and the deploy did not ask to overwrite it.</summary>
    public const string Exists = "service.exists";

    /// <summary>Another request is deploying the same name right now.</summary>
    public const string Busy = "service.busy";

    /// <summary>The port the deployment config names is held by another program.</summary>
    public const string PortInUse = "service.port_in_use";

    /// <summary>The deployment, update or reload ended with the service failed (the SDK's wait).</summary>
    public const string DeployFailed = "service.deploy_failed";

    /// <summary>The service has no scoring URI yet.</summary>
    public const string NoScoringUri = "service.no_uri";

    /// <summary>A call to the service's scoring URI failed (the SDK's run).</summary>
    public const string RunFailed = "service.run_failed";

    /// <summary><c>numReplicas</c> asks for more replicas than the target can hold.</summary>
    public const string TooManyReplicas = "service.too_many_replicas";

    /// <summary>The operation is not allowed in the service's current state.</summary>
    public const string WrongState = "service.wrong_state";

    /// <summary>The operation does not exist for the service's target (e.g. <c>reload()</c> off the local target).</summary>
    public const string OperationNotSupported = "service.operation_not_supported";

    /// <summary>Another deploy, update, reload or delete of the service is running (the platform's 409 conflict).</summary>
    public const string OperationInProgress = "service.operation_in_progress";

    /// <summary>The replicas keep failing at start (CrashLoopBackOff).</summary>
    public const string CrashLoop = "service.crash_loop";

    /// <summary><c>berth service debug --port P</c>: the port is taken on 127.0.0.1.</summary>
    public const string DebugPortInUse = "service.debug_port_in_use";

    /// <summary>The replica restarted for debugging did not start.</summary>
    public const string DebugFailed = "service.debug_failed";
}
