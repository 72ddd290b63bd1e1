namespace Berth.Services;

/// <summary>
/// The state of a service, as the hosted platform names it (<c>service.state</c>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Healthy"/> and <see cref="Failed"/> are final; <see cref="Transitioning"/>, <see cref="Unhealthy"/>
/// and <see cref="Unschedulable"/> are not (the platform keeps trying).
/// </para>
/// <para>
/// CrashLoopBackOff is <b>not</b> a state here, as it is not one on the platform: it is a state <i>detail</i>
/// (<see cref="ServiceStateDetails.CrashLoopBackOff"/>) shown next to the state, the way the platform puts it in the
/// error's <c>details</c> with the state <c>Failed</c>. A service whose replicas keep failing <c>init()</c> is
/// <c>Failed (CrashLoopBackOff)</c> while Berth keeps restarting them with backoff in the background; a replica that
/// then starts becomes <see cref="Healthy"/> again. <see cref="CrashLoopDetector"/> decides when the detail applies.
/// </para>
/// </remarks>
public enum ServiceState
{
    /// <summary>Being deployed, updated or reloaded; not final.</summary>
    Transitioning,

    /// <summary>Every replica is ready; final.</summary>
    Healthy,

    /// <summary>Deployed but not answering (no replica ready right now); not final.</summary>
    Unhealthy,

    /// <summary>The cluster has no node with the resources the service asks for; not final.</summary>
    Unschedulable,

    /// <summary>The deployment failed or the replicas crash; final until the user acts.</summary>
    Failed,

    /// <summary>Being deleted.</summary>
    Deleting,
}
