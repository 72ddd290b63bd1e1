namespace Berth.Security;

/// <summary>
/// The per-service secret that keeps a replica's own port from bypassing the front door's key check: the server
/// gives it to the replica in <see cref="EnvironmentVariable"/>, the router sends it in <see cref="HeaderName"/>
/// on every proxied request, and the replica answers 401 to any request without it.
/// </summary>
public static class ReplicaSecret
{
    public const string HeaderName = "X-Berth-Replica-Token";

    public const string EnvironmentVariable = "BERTH_REPLICA_TOKEN";

    /// <summary>
    /// The one path a replica answers without the secret: GET gives 200 <c>Healthy</c> once init() is done, nothing
    /// else. A cluster's kubelet probes it, so the secret need not be written into the pod's probe headers.
    /// </summary>
    public const string ProbePath = "/healthz";
}
