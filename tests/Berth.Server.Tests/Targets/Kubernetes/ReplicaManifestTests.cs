using System.Runtime.CompilerServices;
using Berth.Configuration;
using Berth.Server.Services;
using Berth.Server.Targets;
using Berth.Server.Targets.Docker;
using Berth.Server.Targets.Kubernetes;
using k8s;

namespace Berth.Server.Tests.Targets.Kubernetes;

/// <summary>
/// The generated Kubernetes manifests are checked against stored YAML files in expected/. After a deliberate change,
/// regenerate them with BERTH_UPDATE_EXPECTED=1 and review the diff.
/// </summary>
public sealed class ReplicaManifestTests
{
    private static readonly ReplicaSpec Spec = new(
        "g2-r1", "/ws/services/diabetes/gen-2/replica-1",
        new ReplicaLaunch("/ws/services/diabetes/gen-2/app", "/ws/services/diabetes/gen-2/app/score.py", "/ws/models/diabetes/1", "127.0.0.1:15000/berth/env:abc",
            60000, 1, new Dictionary<string, string> { ["MODEL_FLAVOUR"] = "v2" }, "score.py", [], [], null),
        "diabetes", "replica-token")
    { MemoryInGB = 1, Cpu = 0.5, Generation = 2 };

    private static readonly KubernetesPlacement Gpu = new()
    {
        Gpu = 1, CpuLimit = 2, MemoryInGBLimit = 2, LivenessProbe = new LivenessProbeSettings(5, 60, 3, 1, 4),
    };

    private static ContainerSpec Container() =>
        ReplicaContainer.For(Spec, "/ws", "/ws/models", "berth-diabetes-g2-r1-x", "1000:1000", hostNetwork: true);

    [Fact]
    public void ForSlot_HostNetworkDeploymentOfOnePod_MatchesTheStoredManifest()
    {
        var deployment = ReplicaManifest.ForSlot(Container(), "berth-diabetes-g2-r1-0123456789ab", "berth-ns", 31234, new KubernetesRequests(0.5, 1), Gpu, "berth-diabetes-g2-r1-0123456789ab", 1000, 1000);

        Check("slot-gpu.yaml", KubernetesYaml.Serialize(deployment));
    }

    [Fact]
    public void TheReplicaSecret_IsInASecretOnly_TheDeploymentNamesIt_AndTheProbesNeedNoSecret()
    {
        var deployment = ReplicaManifest.ForSlot(Container(), "berth-diabetes-g2-r1-0123456789ab", "berth-ns", 31234, new KubernetesRequests(0.5, 1), Gpu, "berth-diabetes-g2-r1-0123456789ab", 1000, 1000);
        var secret = ReplicaManifest.TokenSecret("berth-diabetes-g2-r1-0123456789ab", "berth-ns", Container().Labels, "replica-token");
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);

        Assert.DoesNotContain("replica-token", KubernetesYaml.Serialize(deployment), StringComparison.Ordinal);
        var token = Assert.Single(container.Env, e => e.Name == "BERTH_REPLICA_TOKEN");
        Assert.Null(token.Value);
        Assert.Equal(("berth-diabetes-g2-r1-0123456789ab", "token"), (token.ValueFrom.SecretKeyRef.Name, token.ValueFrom.SecretKeyRef.Key));
        Assert.Equal("replica-token", secret.StringData["token"]);
        Assert.Equal(deployment.Spec.Template.Metadata.Labels["berth.slot"], secret.Metadata.Labels["berth.slot"]);
        Assert.All([container.LivenessProbe, container.ReadinessProbe], p => Assert.Equal(("/healthz", (IList<k8s.Models.V1HTTPHeader>?)null), (p.HttpGet.Path, p.HttpGet.HttpHeaders)));
    }

    [Fact]
    public void ForSlot_WithThePlatformsDefaults_RequestsAreLimits_AndTheProbeWaits310Seconds()
    {
        var deployment = ReplicaManifest.ForSlot(Container(), "berth-diabetes-g2-r1-0123456789ab", "default", 31234, new KubernetesRequests(0.1, 0.5), new KubernetesPlacement(), null, 0, 0);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);

        Assert.True(deployment.Spec.Template.Spec.HostNetwork);
        Assert.Equal(["--entry_script", "/var/azureml-app/score.py", "--host", "127.0.0.1", "--port", "31234"], container.Args.Take(6));
        Assert.Equal("100m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("512Mi", container.Resources.Limits["memory"].ToString());
        Assert.False(container.Resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.Equal(310, container.LivenessProbe.InitialDelaySeconds);
        Assert.Equal("127.0.0.1", container.LivenessProbe.HttpGet.Host);
        Assert.Null(container.LivenessProbe.HttpGet.HttpHeaders);
        Assert.All(container.VolumeMounts.Where(m => m.MountPath is "/var/azureml-app" or "/ws/models"), m => Assert.True(m.ReadOnlyProperty));
    }

    [Fact]
    public void ForGeneration_OneDeploymentOfTheReplicasOnThePodNetwork_AndAService_MatchTheStoredManifests()
    {
        var (deployment, service) = ReplicaManifest.ForGeneration(Container(), "berth-diabetes-g2", "berth-ns", 3, new KubernetesRequests(0.5, 1), Gpu, "berth-diabetes-g2", "berth-diabetes-g2-app");

        Check("generation-deployment.yaml", KubernetesYaml.Serialize(deployment));
        Check("generation-service.yaml", KubernetesYaml.Serialize(service));
    }

    private static void Check(string name, string generated, [CallerFilePath] string source = "")
    {
        var expectedPath = Path.Combine(Path.GetDirectoryName(source)!, "expected", name);
        if (Environment.GetEnvironmentVariable("BERTH_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(expectedPath, generated);
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run the tests with BERTH_UPDATE_EXPECTED=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath), generated);
    }
}
