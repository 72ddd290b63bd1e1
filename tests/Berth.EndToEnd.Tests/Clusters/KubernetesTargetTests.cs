using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Berth.EndToEnd.Tests.Clusters;

/// <summary>The Kubernetes target on this machine's real single-node cluster, through the real CLI and server.</summary>
public sealed class KubernetesTargetTests : IAsyncLifetime
{
    private const string Echo = "def init():\n    print('init on the cluster')\n\ndef run(data):\n    return 'k8s: ' + data\n";

    private ClusterNamespace? _cluster;
    private OfflineIndexSession? _offline;

    private ClusterNamespace Cluster => _cluster ?? throw new InvalidOperationException("not initialized");

    private CliSession Session => (_offline ?? throw new InvalidOperationException("not initialized")).Session;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterNamespace.OpenAsync();
        _offline = new OfflineIndexSession(new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = Cluster.DockerConfig, // the registry's login, as `docker login` writes it
            ["BERTH_SCHEDULING_TIMEOUT_S"] = "15",
        });
        await _offline.InitializeAsync();
        var attach = await Session.BerthAsync("compute", "attach", "--name", "k8s", "--kubeconfig", Cluster.Kubeconfig, "--namespace", Cluster.Namespace, "--registry", Cluster.Registry);
        Assert.True(attach.ExitCode == 0, attach.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_offline is not null)
        {
            foreach (var service in new[] { "svc", "gpu", "gpus" })
            {
                await Session.BerthAsync("service", "delete", service);
            }

            await _offline.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Lifecycle_DeployToTheCluster_RunLogs_DeleteRemovesItsDeployments()
    {
        // authEnabled: the platform's default on AKS is true; the load below calls without a key.
        var app = ServiceApp.Write(Session.Files, "app", Echo, """{"computeType": "aks", "authEnabled": false, "containerResourceRequirements": {"cpu": 0.2, "memoryInGB": 0.5}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal("\"k8s: x\"", (await Session.BerthAsync("service", "run", "svc", "-d", "x")).StandardOutput.Trim());
        Assert.Contains("init on the cluster", (await Session.BerthAsync("service", "logs", "svc")).StandardOutput, StringComparison.Ordinal);
        var first = Assert.Single(await Cluster.DeploymentsAsync());
        // The replica secret is in a Secret of the slot, not in the Deployment that anyone reading the namespace sees.
        var env = Assert.Single((await Cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(first, Cluster.Namespace)).Spec.Template.Spec.Containers).Env;
        Assert.Equal(first, Assert.Single(env, e => e.Name == "BERTH_REPLICA_TOKEN").ValueFrom.SecretKeyRef.Name);
        Assert.Single((await Cluster.Client.CoreV1.ListNamespacedSecretAsync(Cluster.Namespace, labelSelector: "app.kubernetes.io/managed-by=berth")).Items);
        var reload = await Session.BerthAsync("service", "reload", "svc");
        Assert.NotEqual(0, reload.ExitCode);
        Assert.Contains("reload() is only available for services on this machine", reload.StandardError, StringComparison.Ordinal);

        // An update rolls out a new generation under load: its Deployment serves before the old one goes; not one request fails.
        app.WriteScript(Echo.Replace("k8s:", "k8s two:", StringComparison.Ordinal));
        await SequentialLoad.UpdateWithoutAFailedRequestAsync(Session, "svc", app.InferenceConfig);
        var second = Assert.Single(await Cluster.WaitForDeploymentsAsync(1, d => d != first));

        // A restarted server reads the service back from the cluster; it keeps serving.
        await Session.RestartServerAsync();
        await Session.WaitForServiceAsync("svc", s => s.GetProperty("state").GetString() == "Healthy");
        Assert.Equal([second], await Cluster.DeploymentsAsync());
        Assert.Equal("\"k8s two: x\"", (await Session.BerthAsync("service", "run", "svc", "-d", "x")).StandardOutput.Trim());

        Assert.Equal(0, (await Session.BerthAsync("service", "delete", "svc")).ExitCode);
        Assert.Empty(await Cluster.DeploymentsAsync());
        Assert.Empty((await Cluster.Client.CoreV1.ListNamespacedSecretAsync(Cluster.Namespace, labelSelector: "app.kubernetes.io/managed-by=berth")).Items);
    }

    [Fact]
    public async Task InitRaises_TheKubeletRestartsIt_AndTheDeployFailsAsInitFailed_WithTheTracebackFromThePodsLog()
    {
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    raise ValueError('no weights on the cluster')\n\ndef run(data):\n    return data\n",
            """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: init_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("ValueError: no weights on the cluster", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("the kubelet restarts it", deploy.StandardOutput + deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALivenessProbeThatKillsASlowInit_FailsTheDeployAsLivenessProbeFailed_NamingInitialDelaySeconds()
    {
        var app = ServiceApp.Write(Session.Files, "app", "import time\n\ndef init():\n    print('loading for a minute')\n    time.sleep(60)\n\ndef run(data):\n    return data\n",
            """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5}, "livenessProbeRequirements": {"initialDelaySeconds": 3, "periodSeconds": 2, "timeoutSeconds": 1, "failureThreshold": 2}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: liveness_probe_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("killed by its liveness probe", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("\"livenessProbeRequirements.initialDelaySeconds\" in deploymentconfig.json (now 3)", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("failed liveness probe", deploy.StandardOutput + deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitAllocatingPastTheMemoryLimit_TheKernelKillsTheWorkerInThePod_AndTheDeployFailsAsOom()
    {
        var app = ServiceApp.Write(Session.Files, "app", MemoryScripts.AllocatesInInit,
            """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 0.25}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: oom", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("Perhaps out of memory?", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("memoryInGB is 0.25", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABaseImageThatDoesNotExist_FailsTheDeployAsImageBuildFailed_AndCreatesNothingOnTheCluster()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5}}""");
        File.WriteAllText(app.InferenceConfig, """{"entryScript": "score.py", "sourceDirectory": ".", "baseImage": "berth-test/no-such-base:1"}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: image_build_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("FROM berth-test/no-such-base:1", deploy.StandardError, StringComparison.Ordinal);
        Assert.Empty(await Cluster.DeploymentsAsync());
    }

    [Fact]
    public async Task ARegistryThatRefusesThePush_IsAClearError_AndNothingIsCreatedOnTheCluster()
    {
        var session = new OfflineIndexSession(); // no docker login for the registry: the push is refused
        await session.InitializeAsync();
        try
        {
            await PushRefusedAsync(session.Session);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    private async Task PushRefusedAsync(CliSession session)
    {
        Assert.Equal(0, (await session.BerthAsync("compute", "attach", "--name", "k8s", "--kubeconfig", Cluster.Kubeconfig, "--namespace", Cluster.Namespace, "--registry", Cluster.Registry)).ExitCode);
        var app = ServiceApp.Write(session.Files, "app", Echo, """{"computeType": "kubernetes"}""");

        var deploy = await session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains($"the registry {Cluster.Registry} refused the push", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("docker login", deploy.StandardError, StringComparison.Ordinal);
        Assert.Empty(await Cluster.DeploymentsAsync());
    }

    [Fact]
    public async Task PodDeletedBehindBerthsBack_TheDeploymentReplacesIt_TheServiceSaysSoAndServesAgain()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, """{"computeType": "kubernetes", "authEnabled": false, "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5}}""");
        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var pod = Assert.Single((await Cluster.Client.CoreV1.ListNamespacedPodAsync(Cluster.Namespace)).Items).Metadata.Name;

        await Cluster.Client.CoreV1.DeleteNamespacedPodAsync(pod, Cluster.Namespace, gracePeriodSeconds: 0);

        await Session.WaitForServiceAsync("svc", s => s.GetProperty("replicas")[0].GetProperty("lastExit").GetString()?.Contains($"pod {pod} was deleted behind Berth's back", StringComparison.Ordinal) == true);
        await Session.WaitForServiceAsync("svc", s => s.GetProperty("state").GetString() == "Healthy" && s.GetProperty("replicas")[0].GetProperty("status").GetString() == "Ready");
        Assert.Equal("\"k8s: again\"", (await Session.BerthAsync("service", "run", "svc", "-d", "again")).StandardOutput.Trim());
        Assert.DoesNotContain(pod, (await Cluster.Client.CoreV1.ListNamespacedPodAsync(Cluster.Namespace)).Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task AQuotaThatRefusesThePods_FailsTheDeployAtOnceAsPodsRefused_WithTheClustersWordsAndWhatEachReplicaAsks()
    {
        await Cluster.Client.CoreV1.CreateNamespacedResourceQuotaAsync(
            new V1ResourceQuota
            {
                Metadata = new V1ObjectMeta { Name = "tiny" },
                Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("100Mi") } },
            },
            Cluster.Namespace);
        try
        {
            var app = ServiceApp.Write(Session.Files, "app", Echo, """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 1}}""");

            var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

            Assert.Equal(6, deploy.ExitCode);
            Assert.Contains("cause: pods_refused", deploy.StandardError, StringComparison.Ordinal);
            Assert.Contains("exceeded quota: tiny", deploy.StandardError, StringComparison.Ordinal);
            Assert.Contains($"kubectl describe resourcequota -n {Cluster.Namespace}", deploy.StandardError, StringComparison.Ordinal);
            Assert.Contains("cause: pods_refused", (await Session.BerthAsync("service", "diagnose", "svc")).StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await Cluster.Client.CoreV1.DeleteNamespacedResourceQuotaAsync("tiny", Cluster.Namespace);
        }
    }

    [Fact]
    public async Task GpuRequests_OneThatFitsSchedules_OneThatCannotIsUnschedulable_WithTheSchedulersWords()
    {
        await Cluster.AdvertiseGpusAsync(1);
        try
        {
            await GpuRequestsAsync();
        }
        finally
        {
            await Cluster.AdvertiseGpusAsync(0);
        }
    }

    private async Task GpuRequestsAsync()
    {
        var fits = ServiceApp.Write(Session.Files, "gpu", Echo, """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5, "gpu": 1}}""");
        var deploy = await Session.BerthAsync(fits.DeployArguments("gpu", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var tooMany = ServiceApp.Write(Session.Files, "gpus", Echo, """{"computeType": "kubernetes", "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5, "gpu": 2}}""");
        var refused = await Session.BerthAsync(tooMany.DeployArguments("gpus", "m"));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Insufficient nvidia.com/gpu", refused.StandardOutput + refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("cause: unschedulable", refused.StandardError, StringComparison.Ordinal);
        var diagnose = await Session.BerthAsync("service", "diagnose", "gpus");
        Assert.Contains("Insufficient nvidia.com/gpu", diagnose.StandardOutput, StringComparison.Ordinal);
        using var show = JsonDocument.Parse((await Session.BerthAsync("service", "show", "gpus", "-o", "json")).StandardOutput);
        Assert.Contains("nvidia.com/gpu", show.RootElement.GetRawText(), StringComparison.Ordinal);
    }
}
