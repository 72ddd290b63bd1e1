namespace Berth.Services;

/// <summary>
/// Decides a service's state from what the control plane observes. Pure. Deploy and wait end as soon as the result is
/// <see cref="ServiceState.Failed"/> or <see cref="ServiceState.Healthy"/>; restarts with backoff go on in the background
/// and a replica that becomes ready turns a failed service healthy again.
/// </summary>
public static class ServiceStateRules
{
    /// <summary>
    /// In order: delete requested → Deleting; no replica ready and unschedulable → Unschedulable; no replica ready and a
    /// certain start failure or a crash loop → Failed (CrashLoopBackOff when looping); all replicas ready → Healthy; an
    /// operation running → Transitioning; some replicas ready → Healthy with "k/n replicas ready"; else Unhealthy.
    /// </summary>
    public static ServiceStatus Derive(ServiceStateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ready = input.ReadyReplicas;
        var desired = input.DesiredReplicas;
        if (input.DeleteRequested)
        {
            return new ServiceStatus(ServiceState.Deleting);
        }

        if (ready == 0 && input.Unschedulable)
        {
            return new ServiceStatus(ServiceState.Unschedulable);
        }

        if (ready == 0 && (input.StartFailureCertain || input.CrashLoop.IsCrashLooping))
        {
            return new ServiceStatus(ServiceState.Failed, input.CrashLoop.StateDetail);
        }

        if (desired > 0 && ready >= desired)
        {
            return new ServiceStatus(ServiceState.Healthy);
        }

        if (input.OperationInProgress)
        {
            return new ServiceStatus(ServiceState.Transitioning);
        }

        if (ready > 0)
        {
            var partial = $"{ready}/{desired} replicas ready";
            return new ServiceStatus(ServiceState.Healthy, input.CrashLoop.IsCrashLooping ? $"{ServiceStateDetails.CrashLoopBackOff}, {partial}" : partial);
        }

        return new ServiceStatus(ServiceState.Unhealthy, input.CrashLoop.StateDetail);
    }
}
