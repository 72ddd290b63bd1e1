namespace Berth.Services;

/// <summary>Where a service runs (the deployment config's <c>computeType</c>).</summary>
public enum ServiceTargetKind
{
    /// <summary><c>local</c>: processes or a container on this machine, for debugging.</summary>
    Local,

    /// <summary><c>container</c> (alias <c>aci</c>): one container with cpu and memory limits.</summary>
    Container,

    /// <summary><c>kubernetes</c> (alias <c>aks</c>): replicas on a cluster.</summary>
    Kubernetes,
}
