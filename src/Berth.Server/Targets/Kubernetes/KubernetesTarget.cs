using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Environments;
using Berth.Errors;
using Berth.Server.Compute;
using Berth.Server.Targets.Docker;
using Berth.Server.Workspace;
using Berth.Services;
using k8s;
using k8s.Autorest;

namespace Berth.Server.Targets.Kubernetes;

/// <summary>
/// The Kubernetes target (<c>computeType: kubernetes</c>, alias <c>aks</c>) on an attached compute target
/// (<c>berth compute attach</c>): the environment's replica image from the container target's builder, pushed to the
/// compute target's registry; each replica slot a Deployment of one host-network pod on 127.0.0.1 at a port Berth
/// assigns (<see cref="ReplicaManifest.ForSlot"/>), watched through the API. The kubelet restarts containers; Berth's
/// supervisor sees each restart as an exit (crash loop, OOMKilled, the traceback from the previous container's log),
/// and its own "restart" only watches the same Deployment again.
/// </summary>
internal sealed class KubernetesTarget(ComputeStore computes, DockerTarget images, DockerEngine engine, WorkspaceLayout layout, TimeProvider time) : IDeploymentTarget
{
    private const string SlotFile = "deployment";

    private readonly ConcurrentDictionary<string, IKubernetes> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<string>> _pushed = new(StringComparer.Ordinal);

    public ServiceTargetKind Kind => ServiceTargetKind.Kubernetes;

    public bool RestartsReplicas => true;

    /// <summary>The cluster's scheduler decides, and says why when it cannot (the service turns Unschedulable).</summary>
    public CapacityVerdict CheckCapacity(ReplicaDemand demand) => new(true, int.MaxValue, "the cluster's scheduler places the replicas");

    public async Task CheckReachableAsync(string? computeTarget, CancellationToken cancellationToken)
    {
        var compute = Resolve(computeTarget);
        var details = await KubernetesConnection.DescribeAsync(compute, cancellationToken);
        if (details.Error is { } error)
        {
            throw new BerthException(ComputeErrorCodes.Unreachable, $"compute target {compute.Name}: {error}", $"check the cluster (`berth compute show {compute.Name}`), then deploy again");
        }

        if (compute.Registry is null)
        {
            throw new BerthException(ComputeErrorCodes.SettingInvalid, $"compute target {compute.Name} has no image registry, and the cluster's nodes must pull the service's image from one",
                $"attach it again with one: berth compute attach --name {compute.Name} --kubeconfig FILE --registry HOST:PORT --overwrite");
        }
    }

    /// <summary>The replica image, built by the container target (it is pushed to the compute target's registry when a replica starts).</summary>
    public Task<string> PrepareAsync(EnvironmentDefinition? environment, Action<string> progress, CancellationToken cancellationToken) =>
        images.PrepareAsync(environment, progress, cancellationToken);

    public async Task<IReplica> StartAsync(ReplicaSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var placement = spec.Placement ?? new KubernetesPlacement();
        var compute = Resolve(placement.ComputeTarget);
        var client = Client(compute);
        var @namespace = placement.Namespace ?? compute.Namespace;
        var name = DeploymentName(spec);
        if (ReadSlot(spec.Directory) is { } known && known.Name == name && await ExistsAsync(client, known, cancellationToken))
        {
            // The supervisor's restart after the kubelet restarted the container: watch the same Deployment again.
            return new KubernetesReplica(client, spec.Id, spec.Directory, known, fresh: false, time);
        }

        Directory.CreateDirectory(spec.Directory);
        foreach (var stale in new[] { "address.json", SlotFile })
        {
            File.Delete(Path.Combine(spec.Directory, stale));
        }

        File.AppendAllText(Path.Combine(spec.Directory, "log"), string.Empty);
        Directory.CreateDirectory(ReplicaContainer.ScriptCache(layout.Root));
        var image = await PushOnceAsync(spec.Launch.Python, compute.Registry!);
        var port = FreePort();
        var container = ReplicaContainer.For(spec with { Launch = spec.Launch with { Python = image } }, layout.Root, layout.ModelsDirectory, name, string.Empty, hostNetwork: true);
        var deployment = ReplicaManifest.ForSlot(container, name, @namespace, port, new KubernetesRequests(spec.Cpu ?? 0.1, spec.MemoryInGB ?? 0.5), placement,
            spec.ReplicaToken is null ? null : name, NativeMethods.GetUid(), NativeMethods.GetGid());
        try
        {
            if (spec.ReplicaToken is { } token)
            {
                await ApplySecretAsync(client, ReplicaManifest.TokenSecret(name, @namespace, container.Labels, token), cancellationToken);
            }

            await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            await client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, name, @namespace, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TimeoutException)
        {
            throw KubernetesConnection.Explain(e, compute, $"create the Deployment {name} in namespace {@namespace}");
        }

        static async Task ApplySecretAsync(IKubernetes client, k8s.Models.V1Secret secret, CancellationToken cancellationToken)
        {
            try
            {
                await client.CoreV1.CreateNamespacedSecretAsync(secret, secret.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                await client.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, secret.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
        }

        var slot = new SlotDeployment(compute.Name, @namespace, name, ReplicaContainer.SlotKey(spec.Directory), port);
        var file = Path.Combine(spec.Directory, SlotFile);
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(slot));
        File.Move(file + ".tmp", file, overwrite: true);
        return new KubernetesReplica(client, spec.Id, spec.Directory, slot, fresh: true, time);
    }

    public IReplica? Adopt(string id, string directory)
    {
        if (ReadSlot(directory) is not { } slot || computes.Find(slot.Compute) is not { } compute)
        {
            return null;
        }

        return new KubernetesReplica(Client(compute), id, directory, slot, fresh: false, time);
    }

    /// <summary>Pushes an image to a registry once per server (the replicas of a generation share the push); a failed push is tried again next time.</summary>
    private async Task<string> PushOnceAsync(string image, string registry)
    {
        var key = $"{registry}|{image}";
        var push = _pushed.GetOrAdd(key, _ => engine.PushAsync(image, registry, _ => { }, CancellationToken.None));
        try
        {
            return await push;
        }
        catch
        {
            _pushed.TryRemove(new KeyValuePair<string, Task<string>>(key, push));
            throw;
        }
    }

    /// <summary>The slot's Deployment name: service, replica and the slot folder's key (DNS-1123, at most 63 characters).</summary>
    internal static string DeploymentName(ReplicaSpec spec)
    {
        var name = $"berth-{spec.ServiceName}-{spec.Id}".ToLowerInvariant();
        return $"{name[..Math.Min(name.Length, 50)].TrimEnd('-')}-{ReplicaContainer.SlotKey(spec.Directory)}";
    }

    private ComputeRecord Resolve(string? name)
    {
        if (name is not null)
        {
            return computes.Find(name) ?? throw new BerthException(ComputeErrorCodes.NotFound, $"computeTargetName \"{name}\" is not an attached compute target",
                $"attach it (`berth compute attach --name {name} --kubeconfig FILE --registry HOST:PORT`) or name one of `berth compute list`");
        }

        var all = computes.List();
        return all.Count switch
        {
            1 => all[0],
            0 => throw new BerthException(ComputeErrorCodes.NotFound, "computeType kubernetes needs a cluster, and no compute target is attached",
                "attach one: berth compute attach --name NAME --kubeconfig FILE --registry HOST:PORT (this machine's test cluster: scripts/cluster.sh up)"),
            _ => throw new BerthException(ComputeErrorCodes.NotFound, $"{all.Count} compute targets are attached ({string.Join(", ", all.Select(c => c.Name))}) and the deployment config names none",
                "set \"computeTargetName\" in the deployment config to one of them"),
        };
    }

    private IKubernetes Client(ComputeRecord compute) => _clients.GetOrAdd($"{compute.Name}|{compute.AttachedAt:O}", _ => KubernetesConnection.Client(compute));

    private static SlotDeployment? ReadSlot(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize<SlotDeployment>(File.ReadAllText(Path.Combine(directory, SlotFile)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> ExistsAsync(IKubernetes client, SlotDeployment slot, CancellationToken cancellationToken)
    {
        try
        {
            await client.AppsV1.ReadNamespacedDeploymentAsync(slot.Name, slot.Namespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>A free 127.0.0.1 port for a host-network pod (the kernel's pick, released at once for the pod to bind).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
