namespace Berth.Services;

/// <summary>A service's observed state with its optional detail (<c>Failed (CrashLoopBackOff)</c>).</summary>
/// <param name="State">The state.</param>
/// <param name="Detail">A detail such as <see cref="ServiceStateDetails.CrashLoopBackOff"/> or <c>1/2 replicas ready</c>.</param>
public sealed record ServiceStatus(ServiceState State, string? Detail = null)
{
    /// <inheritdoc />
    public override string ToString() => ServiceStateDetails.Format(State, Detail);
}
