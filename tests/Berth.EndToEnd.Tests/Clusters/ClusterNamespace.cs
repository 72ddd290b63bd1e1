using k8s;
using k8s.Models;

namespace Berth.EndToEnd.Tests.Clusters;

/// <summary>
/// This machine's real test cluster (scripts/cluster.sh up; scripts/test.sh brings it up and sets BERTH_TEST_KUBECONFIG),
/// with a namespace of the test's own, deleted at the end. The tests fail, not skip, when the cluster is not there.
/// </summary>
internal sealed class ClusterNamespace : IAsyncDisposable
{
    private ClusterNamespace(string kubeconfig, IKubernetes client, string @namespace)
    {
        Kubeconfig = kubeconfig;
        Client = client;
        Namespace = @namespace;
    }

    public string Kubeconfig { get; }

    public IKubernetes Client { get; }

    public string Namespace { get; }

    /// <summary>The cluster's state folder: the kubeconfig's, where the script writes the registry's address and the docker config to push with.</summary>
    public string StateDirectory => Path.GetDirectoryName(Kubeconfig)!;

    public string Registry => File.ReadAllText(Path.Combine(StateDirectory, "registry")).Trim();

    public string DockerConfig => Path.Combine(StateDirectory, "docker-config");

    public static async Task<ClusterNamespace> OpenAsync()
    {
        var kubeconfig = Environment.GetEnvironmentVariable("BERTH_TEST_KUBECONFIG") is { Length: > 0 } path ? path : "/var/lib/berth/cluster/admin.kubeconfig";
        if (!File.Exists(kubeconfig))
        {
            throw new InvalidOperationException($"no test cluster: {kubeconfig} does not exist; run scripts/cluster.sh up (scripts/test.sh does)");
        }

        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var @namespace = "berth-test-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = @namespace } });
        return new ClusterNamespace(kubeconfig, client, @namespace);
    }

    /// <summary>Makes the node advertise <paramref name="gpus"/> <c>nvidia.com/gpu</c> (no device plugin: the scheduling is real, no GPU is injected).</summary>
    public async Task AdvertiseGpusAsync(int gpus)
    {
        var patch = new V1Patch($$"""[{"op": "add", "path": "/status/capacity/nvidia.com~1gpu", "value": "{{gpus}}"}, {"op": "add", "path": "/status/allocatable/nvidia.com~1gpu", "value": "{{gpus}}"}]""", V1Patch.PatchType.JsonPatch);
        await Client.CoreV1.PatchNodeStatusAsync(patch, "localhost");
    }

    /// <summary>The Deployments left in the test's namespace.</summary>
    public async Task<IReadOnlyList<string>> DeploymentsAsync() =>
        [.. (await Client.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items.Select(d => d.Metadata.Name)];

    /// <summary>
    /// Waits (150 s at most: a retired pod has its 30 s of grace, and the API answers slowly on a loaded machine) until the namespace holds <paramref name="count"/> Deployments that all match <paramref name="which"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForDeploymentsAsync(int count, Func<string, bool> which)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        while (true)
        {
            var names = await DeploymentsAsync();
            if (names.Count == count && names.All(which))
            {
                return names;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the namespace {Namespace} holds {string.Join(", ", names)} after 150 s");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.CoreV1.DeleteNamespaceAsync(Namespace, new V1DeleteOptions { GracePeriodSeconds = 0 });
        }
        catch (k8s.Autorest.HttpOperationException)
        {
        }

        Client.Dispose();
    }
}
