namespace Berth.Services;

/// <summary>Stable error codes for service operations. Clients may switch on these strings.</summary>
public static class ServiceErrorCodes
{
    /// <summary>The operation is not allowed in the service's current state.</summary>
    public const string WrongState = "service.wrong_state";

    /// <summary>The operation does not exist for the service's target (e.g. <c>reload()</c> off the local target).</summary>
    public const string OperationNotSupported = "service.operation_not_supported";

    /// <summary>Another deploy, update, reload or delete of the service is running (the platform's 409 conflict).</summary>
    public const string OperationInProgress = "service.operation_in_progress";

    /// <summary>The replicas keep failing at start (CrashLoopBackOff).</summary>
    public const string CrashLoop = "service.crash_loop";
}
