using Berth.Api.V1;
using Berth.Errors;
using k8s;
using k8s.Exceptions;
using k8s.Models;

namespace Berth.Server.Compute;

/// <summary>
/// Talks to an attached cluster: builds a client from the workspace's kubeconfig copy and the record's context, with
/// a request timeout so that a cluster that never answers fails with a named timeout instead of a hang; describes the
/// cluster (version, nodes); and explains every failure of the client as one <see cref="BerthException"/>.
/// </summary>
internal static class KubernetesConnection
{
    /// <summary>How long any one request to a cluster may take.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private const string GpuResource = "nvidia.com/gpu";

    /// <summary>A client for <paramref name="record"/>'s cluster; the caller disposes it.</summary>
    public static Kubernetes Client(ComputeRecord record) => Client(Open(record), RequestTimeout);

    /// <summary>A client for <paramref name="cluster"/> whose every request gives up after <paramref name="timeout"/>.</summary>
    public static Kubernetes Client(KubeconfigContext cluster, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        cluster.Configuration.HttpClientTimeout = timeout;
        try
        {
            return new Kubernetes(cluster.Configuration);
        }
        catch (KubeConfigException e)
        {
            throw new BerthException(
                ComputeErrorCodes.KubeconfigInvalid, $"the kubeconfig of context {cluster.Context} cannot be used for {cluster.Server}: {e.Message}",
                "give the cluster's certificate-authority-data (or, for a test cluster only, insecure-skip-tls-verify: true)", inner: e);
        }
    }

    /// <summary>The record's kubeconfig copy, parsed, at the record's context.</summary>
    public static KubeconfigContext Open(ComputeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string text;
        try
        {
            text = File.ReadAllText(record.KubeconfigPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(
                ComputeErrorCodes.KubeconfigInvalid, $"the kubeconfig copy of compute target {record.Name} ({record.KubeconfigPath}) cannot be read: {e.Message}",
                $"attach it again: `berth compute attach --name {record.Name} --kubeconfig FILE --overwrite`", inner: e);
        }

        return Kubeconfig.Resolve(text, record.KubeconfigPath, record.Context);
    }

    /// <summary>The cluster's version and nodes now; when it cannot be reached, the record with <see cref="ComputeDetailsDto.Error"/> saying why.</summary>
    public static async Task<ComputeDetailsDto> DescribeAsync(ComputeRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        string? version = null;
        ClusterTarget? target = null;
        var doing = "asking for its version";
        try
        {
            var cluster = Open(record);
            target = new ClusterTarget(cluster.Server, record.Context, record.Namespace, RequestTimeout);
            using var client = Client(cluster, RequestTimeout);
            version = (await client.Version.GetCodeAsync(ct)).GitVersion;
            doing = "listing its nodes";
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: ct);
            return new ComputeDetailsDto(record.ToDto(), version, nodes.Items.Select(ToNode).OrderBy(n => n.Name, StringComparer.Ordinal).ToList(), null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = target is null ? e as BerthException ?? Explain(e, record, doing) : ClusterFailures.Explain(e, target, doing);
            return new ComputeDetailsDto(record.ToDto(), version, [], error.Hint is null ? error.Message : $"{error.Message} ({error.Hint})");
        }
    }

    /// <summary>What went wrong, <paramref name="doing"/> what (e.g. "listing pods"), on <paramref name="record"/>'s cluster.</summary>
    public static BerthException Explain(Exception e, ComputeRecord record, string doing)
    {
        ArgumentNullException.ThrowIfNull(record);
        string server;
        try
        {
            server = Open(record).Server;
        }
        catch (BerthException)
        {
            server = "(its kubeconfig cannot be read)";
        }

        return ClusterFailures.Explain(e, new ClusterTarget(server, record.Context, record.Namespace, RequestTimeout), doing);
    }

    internal static ComputeNodeDto ToNode(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var allocatable = node.Status?.Allocatable ?? new Dictionary<string, ResourceQuantity>();
        var ready = node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false;
        return new ComputeNodeDto(
            node.Metadata?.Name ?? "?", ready,
            allocatable.TryGetValue("cpu", out var cpu) ? cpu.ToDouble() : 0,
            allocatable.TryGetValue("memory", out var memory) ? memory.ToInt64() : 0,
            allocatable.TryGetValue(GpuResource, out var gpus) ? gpus.ToInt32() : 0);
    }
}
