using Berth.Api.V1;

namespace Berth.Server.Compute;

/// <summary>
/// An attached compute target as the workspace keeps it: a row of the <c>computes</c> table and the path of the
/// kubeconfig copy (<c>computes/&lt;name&gt;/kubeconfig</c>, the owner's only). <see cref="Context"/> is the context of
/// that kubeconfig to use and <see cref="Namespace"/> where Berth's objects go; <see cref="Registry"/> (HOST:PORT) is
/// where images for this cluster are pushed, when one was given.
/// </summary>
internal sealed record ComputeRecord(
    string Name, string Type, string KubeconfigPath, string Context, string Namespace, string? Registry, DateTimeOffset AttachedAt)
{
    /// <summary>The one type so far: a Kubernetes cluster (the platform's <c>AksCompute</c>).</summary>
    public const string KubernetesType = "kubernetes";

    public ComputeDto ToDto() => new(Name, Type, Context, Namespace, Registry, AttachedAt);
}
