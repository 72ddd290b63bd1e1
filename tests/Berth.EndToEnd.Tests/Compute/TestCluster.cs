using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.EndToEnd.Tests.Compute;

/// <summary>
/// The real test cluster (<c>scripts/cluster.sh up</c>), found by BERTH_TEST_KUBECONFIG, else at
/// /var/lib/berth/cluster/admin.kubeconfig. Without it every test of the class fails saying how to bring it up. Creates,
/// for the class, a namespace holding a ServiceAccount bound to nothing (a user RBAC forbids everything), and deletes it.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    public const string DefaultKubeconfig = "/var/lib/berth/cluster/admin.kubeconfig";
    private const string NoRightsAccount = "berth-no-rights";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private Kubernetes? _admin;

    /// <summary>The admin kubeconfig's path.</summary>
    public string KubeconfigPath { get; } = Environment.GetEnvironmentVariable("BERTH_TEST_KUBECONFIG") is { Length: > 0 } path ? path : DefaultKubeconfig;

    /// <summary>A client with the admin's rights, to check what Berth reports against the cluster itself.</summary>
    public Kubernetes Admin => _admin ?? throw new InvalidOperationException("the test cluster is not initialized");

    /// <summary>The namespace this class's tests may use; deleted afterwards.</summary>
    public string Namespace { get; } = $"berth-test-compute-{Guid.NewGuid():N}"[..32];

    public string Server { get; private set; } = "";

    public string ContextName { get; private set; } = "";

    /// <summary>A kubeconfig (its text) for the ServiceAccount without any RoleBinding.</summary>
    public string NoRightsKubeconfig { get; private set; } = "";

    private string CertificateAuthorityData { get; set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(KubeconfigPath))
        {
            throw new InvalidOperationException(
                $"no test cluster: {KubeconfigPath} does not exist. Bring the cluster up with `scripts/cluster.sh up` (as root; " +
                "the first run builds Kubernetes, about 20 minutes), or set BERTH_TEST_KUBECONFIG to the admin kubeconfig of a cluster.");
        }

        var config = await KubernetesClientConfiguration.LoadKubeConfigAsync(KubeconfigPath);
        ContextName = config.CurrentContext;
        var endpoint = config.Clusters.First(c => c.Name == config.Contexts.First(x => x.Name == ContextName).ContextDetails.Cluster).ClusterEndpoint;
        (Server, CertificateAuthorityData) = (endpoint.Server, endpoint.CertificateAuthorityData);
        var client = KubernetesClientConfiguration.BuildConfigFromConfigObject(config);
        client.HttpClientTimeout = TimeSpan.FromSeconds(20);
        _admin = new Kubernetes(client);
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        await Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = NoRightsAccount } }, Namespace);
        NoRightsKubeconfig = Kubeconfig(Server, await ServiceAccountTokenAsync(NoRightsAccount), "no-rights", Namespace);
    }

    public async Task DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }

        try
        {
            await Admin.CoreV1.DeleteNamespaceAsync(Namespace);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Gone already.
        }

        _admin.Dispose();
    }

    /// <summary>A kubeconfig for this cluster's CA, at <paramref name="server"/>, authenticating with <paramref name="token"/>.</summary>
    public string Kubeconfig(string server, string token, string context, string? @namespace = null) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: {server}
            certificate-authority-data: {CertificateAuthorityData}
        users:
        - name: {context}
          user:
            token: {token}
        contexts:
        - name: {context}
          context:
            cluster: test
            user: {context}
        {(@namespace is null ? string.Empty : $"    namespace: {@namespace}")}
        current-context: {context}
        """;

    /// <summary>The token Kubernetes 1.20 puts in the ServiceAccount's token Secret (made by the controller-manager), waited for up to 60 s.</summary>
    private async Task<string> ServiceAccountTokenAsync(string account)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var serviceAccount = await Admin.CoreV1.ReadNamespacedServiceAccountAsync(account, Namespace);
            if (serviceAccount.Secrets?.FirstOrDefault() is { } reference)
            {
                var secret = await Admin.CoreV1.ReadNamespacedSecretAsync(reference.Name, Namespace);
                if (secret.Data?.TryGetValue("token", out var token) == true)
                {
                    return Encoding.UTF8.GetString(token);
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"ServiceAccount {Namespace}/{account} got no token Secret within {Timeout.TotalSeconds:0} s; is the controller-manager running? (scripts/cluster.sh status)");
    }
}
