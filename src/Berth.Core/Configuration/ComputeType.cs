using System.Text.Json.Serialization;

namespace Berth.Configuration;

/// <summary>Where a service runs: the deployment config's <c>computeType</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ComputeType>))]
public enum ComputeType
{
    /// <summary><c>local</c>: a port on this machine, for debugging.</summary>
    Local,

    /// <summary><c>container</c> (alias <c>aci</c>): one container with fixed resources.</summary>
    Container,

    /// <summary><c>kubernetes</c> (alias <c>aks</c>): replicas on a cluster, with autoscaling.</summary>
    Kubernetes,
}
