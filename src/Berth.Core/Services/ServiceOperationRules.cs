using Berth.Errors;

namespace Berth.Services;

/// <summary>
/// Which operation is allowed in which <see cref="ServiceState"/>, with the platform's message
/// (<c>Cannot call reload() when service is Deleting.</c>). Pure: the caller passes the state it read.
/// </summary>
/// <remarks>
/// The table follows the platform's local-service preconditions (reference §2.1: run needs deploying|running;
/// get_logs, reload and delete deploying|failed|running; update also unknown; wait_for_deployment deploying|running),
/// mapped onto the common states. Berth widens it where a state only Berth has makes sense: <c>Unhealthy</c> and
/// <c>Unschedulable</c> services can still be updated, deleted and inspected, and <c>diagnose()</c> is always allowed.
/// <c>reload()</c> stays allowed on a <c>Failed</c> service, as on the platform: fixing <c>score.py</c> and reloading is
/// the way out of a failed <c>init()</c>.
/// </remarks>
public static class ServiceOperationRules
{
    /// <summary>True when <paramref name="operation"/> may be called on a service in <paramref name="state"/>.</summary>
    public static bool IsAllowed(ServiceState state, ServiceOperation operation) => operation switch
    {
        ServiceOperation.Diagnose => true,
        _ when state == ServiceState.Deleting => false,
        ServiceOperation.Run => state is ServiceState.Transitioning or ServiceState.Healthy or ServiceState.Unhealthy,
        ServiceOperation.Reload => state is not ServiceState.Unschedulable,
        ServiceOperation.WaitForDeployment => state is not ServiceState.Failed,
        _ => true,
    };

    /// <summary>
    /// Returns null when the operation may proceed, else the error to report: <see cref="ServiceErrorCodes.WrongState"/>
    /// for a state that forbids it, <see cref="ServiceErrorCodes.OperationNotSupported"/> for <c>reload()</c> off the
    /// local target (only checked when <paramref name="target"/> is given).
    /// </summary>
    /// <param name="state">The service's current state.</param>
    /// <param name="operation">What the user asked for.</param>
    /// <param name="target">The service's target, when known.</param>
    /// <param name="serviceName">The service's name, used in the hint.</param>
    public static BerthException? Check(
        ServiceState state, ServiceOperation operation, ServiceTargetKind? target = null, string? serviceName = null)
    {
        // The platform reloads only local services; Berth's containers run on this machine's engine too, so they reload.
        if (operation == ServiceOperation.Reload && target is ServiceTargetKind.Kubernetes)
        {
            return new BerthException(
                ServiceErrorCodes.OperationNotSupported,
                $"reload() is only available for services on this machine (local, container); this service runs on the kubernetes target.",
                $"Call update() with the inference config to deploy a changed entry script{For(serviceName)}.");
        }

        if (IsAllowed(state, operation))
        {
            return null;
        }

        return new BerthException(
            ServiceErrorCodes.WrongState,
            $"Cannot call {MethodName(operation)} when service is {state}.",
            Hint(state, operation, serviceName));
    }

    /// <summary>True for operations that change the service (reload, update, delete, regen_key); one at a time per service.</summary>
    public static bool IsMutating(ServiceOperation operation) =>
        operation is ServiceOperation.Reload or ServiceOperation.Update or ServiceOperation.Delete or ServiceOperation.RegenKey;

    /// <summary>
    /// Returns null when <paramref name="requested"/> may start while <paramref name="running"/> (null: nothing) is in
    /// progress, else a transient <see cref="ServiceErrorCodes.OperationInProgress"/> error (the platform answers 409).
    /// Reading operations (run, get_logs, wait, diagnose, get_keys) never conflict.
    /// </summary>
    public static BerthException? CheckConcurrent(ServiceOperation? running, ServiceOperation requested, string? serviceName = null)
    {
        if (running is not ServiceOperation current || !IsMutating(requested))
        {
            return null;
        }

        var name = serviceName ?? "<name>";
        return new BerthException(
            ServiceErrorCodes.OperationInProgress,
            $"Cannot call {MethodName(requested)} while {MethodName(current)} is in progress.",
            $"Wait for it to finish (`berth service wait {name}`), then try again.",
            isTransient: true);
    }

    /// <summary>The platform's method name with parentheses, as used in messages: <c>reload()</c>, <c>get_logs()</c>.</summary>
    public static string MethodName(ServiceOperation operation) => operation switch
    {
        ServiceOperation.Run => "run()",
        ServiceOperation.Reload => "reload()",
        ServiceOperation.Update => "update()",
        ServiceOperation.Delete => "delete()",
        ServiceOperation.GetLogs => "get_logs()",
        ServiceOperation.WaitForDeployment => "wait_for_deployment()",
        ServiceOperation.Diagnose => "diagnose()",
        ServiceOperation.GetKeys => "get_keys()",
        ServiceOperation.RegenKey => "regen_key()",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    private static string Hint(ServiceState state, ServiceOperation operation, string? serviceName)
    {
        var diagnose = serviceName is null ? "`berth service diagnose <name>`" : $"`berth service diagnose {serviceName}`";
        return state switch
        {
            ServiceState.Deleting => "The service is being deleted; wait until it is gone, then deploy it again.",
            ServiceState.Failed when operation == ServiceOperation.WaitForDeployment =>
                $"The deployment has already failed; run {diagnose} to see the cause and the remedy.",
            ServiceState.Failed =>
                $"Run {diagnose} to see why it failed, fix the cause, then call reload() (local services) or update().",
            ServiceState.Unschedulable =>
                "No node has the resources the service asks for: add nodes, use a larger node size, or lower "
                + "\"containerResourceRequirements\" in deploymentconfig.json and call update().",
            _ => $"Run {diagnose} to see the service's state and what to do.",
        };
    }

    private static string For(string? serviceName) => serviceName is null ? string.Empty : $" (berth service update {serviceName} --ic inferenceconfig.json)";
}
