using Berth.Api.V1;
using Berth.Compute;
using Berth.Errors;

namespace Berth.Server.Compute;

/// <summary>
/// <c>berth compute attach</c>: checks everything before anything is stored, cheapest first (the name, the registry,
/// the kubeconfig and its context, the namespace's spelling, a name taken), then asks the cluster
/// (<see cref="ClusterAccessCheck"/>), then stores the target and its kubeconfig copy (<see cref="ComputeStore"/>).
/// </summary>
internal sealed class ComputeAttacher(ComputeStore store)
{
    public const string DefaultNamespace = "default";

    public async Task<(ComputeRecord Record, string ServerVersion)> AttachAsync(AttachComputeRequest request, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (cluster, @namespace) = Prepare(request);
        if (!request.Overwrite && store.Find(request.Name) is not null)
        {
            throw ComputeStore.AlreadyAttached(request.Name);
        }

        var version = await ClusterAccessCheck.CheckAsync(cluster, @namespace, timeout, ct);
        var record = store.Attach(request.Name, request.Kubeconfig, cluster.Context, @namespace, request.Registry, request.Overwrite);
        return (record, version);
    }

    /// <summary>The checks that need no cluster: returns the chosen context and the namespace (given, else the context's, else <c>default</c>).</summary>
    public static (KubeconfigContext Cluster, string Namespace) Prepare(AttachComputeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ComputeRules.ValidateName(request.Name) is { } nameError)
        {
            throw new BerthException(ComputeErrorCodes.NameInvalid, nameError, "choose another --name");
        }

        if (request.Registry is not null && ComputeRules.ValidateRegistry(request.Registry) is { } registryError)
        {
            throw new BerthException(ComputeErrorCodes.SettingInvalid, registryError, "pass --registry the address images are pushed to, as HOST:PORT (the test cluster's is in /var/lib/berth/cluster/registry)");
        }

        if (string.IsNullOrWhiteSpace(request.Kubeconfig))
        {
            throw new BerthException(ComputeErrorCodes.KubeconfigInvalid, $"kubeconfig {Shown(request)} is empty", "pass --kubeconfig a kubeconfig file");
        }

        var cluster = Kubeconfig.Resolve(request.Kubeconfig, Shown(request), request.Context);
        var @namespace = request.Namespace ?? cluster.Namespace ?? DefaultNamespace;
        if (ComputeRules.ValidateNamespace(@namespace) is { } namespaceError)
        {
            throw new BerthException(ComputeErrorCodes.SettingInvalid, namespaceError, request.Namespace is null ? $"fix the namespace of context {cluster.Context}, or pass --namespace" : "pass --namespace an existing namespace");
        }

        return (cluster, @namespace);
    }

    private static string Shown(AttachComputeRequest request) => request.KubeconfigFile ?? "(sent without a file name)";
}
