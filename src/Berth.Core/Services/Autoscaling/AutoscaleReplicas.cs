namespace Berth.Services.Autoscaling;

/// <summary>A service's replicas as its supervisor counts them.</summary>
/// <param name="Ready">Replicas that answered their probe and are in the route.</param>
/// <param name="Starting">Replicas that exist but take no traffic yet: starting, or backing off before a restart.</param>
public sealed record AutoscaleReplicas(int Ready, int Starting)
{
    /// <summary>All of them: what the service runs or is about to run.</summary>
    public int Total => Ready + Starting;
}
