using Berth.Server.Targets.Kubernetes;
using k8s.Models;

namespace Berth.Server.Tests.Targets.Kubernetes;

/// <summary>A slot's pod as Berth's observation: what the scheduler, the kubelet and the container statuses say.</summary>
public sealed class PodFactsTests
{
    private const string Url = "http://127.0.0.1:31234";

    [Fact]
    public void PendingWithFailedScheduling_IsUnschedulable_WithTheSchedulersMessageVerbatim()
    {
        var pod = Pod(conditions: [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu." }]);

        var observation = PodFacts.Observe(null, pod, PodFacts.BaselineOf(pod), Url);

        Assert.True(observation.Unschedulable);
        Assert.Equal("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", observation.Message);
        Assert.Null(observation.ExitCode);
    }

    [Fact]
    public void ARestartSinceTheBaseline_IsReportedAsTheEnd_WithOomKilledFromLastState()
    {
        var before = Pod(container: Status(restarts: 0, running: true));
        var after = Pod(container: Status(restarts: 1, running: true, last: new V1ContainerStateTerminated { ExitCode = 137, Reason = "OOMKilled" }));

        var observation = PodFacts.Observe(null, after, PodFacts.BaselineOf(before), Url);

        Assert.Equal(137, observation.ExitCode);
        Assert.True(observation.OomKilled);
        Assert.Contains("OOMKilled", observation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARestartAfterTheKubeletsLivenessKill_IsReportedAsKilledByTheProbe_InTheKubeletsWords()
    {
        var started = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var before = Pod(container: Status(restarts: 0, running: true));
        var after = Pod(container: Status(restarts: 1, running: true, last: new V1ContainerStateTerminated { ExitCode = 137, Reason = "Error", StartedAt = started }));
        var earlier = new Corev1Event { Reason = "Killing", Message = "Container replica failed liveness probe, will be restarted", LastTimestamp = started.AddSeconds(-60) };
        var kill = new Corev1Event { Reason = "Killing", Message = "Container replica failed liveness probe, will be restarted", LastTimestamp = started.AddSeconds(11) };

        Assert.True(PodFacts.Restarted(after, PodFacts.BaselineOf(before)));
        Assert.False(PodFacts.Observe(null, after, PodFacts.BaselineOf(before), Url, [earlier]).KilledByLivenessProbe);
        var observation = PodFacts.Observe(null, after, PodFacts.BaselineOf(before), Url, [earlier, kill]);

        Assert.Equal(137, observation.ExitCode);
        Assert.True(observation.KilledByLivenessProbe);
        Assert.Contains("Container replica failed liveness probe, will be restarted", observation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunningWithItsAddressPublished_HasTheUrl_AndNoRestartIsNoEnd()
    {
        var pod = Pod(container: Status(restarts: 2, running: true, last: new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error" }));

        var observation = PodFacts.Observe(null, pod, PodFacts.BaselineOf(pod), Url);

        Assert.Null(observation.ExitCode);
        Assert.Equal(Url, observation.Url);
    }

    [Fact]
    public void APodReplacedByItsDeployment_EndsTheReplica_NamingBothPods()
    {
        var original = Pod(name: "svc-1", uid: "a", container: Status(0, running: true));
        var replacement = Pod(name: "svc-2", uid: "b", container: Status(0, running: true));

        var observation = PodFacts.Observe(null, replacement, PodFacts.BaselineOf(original), Url);

        Assert.Equal(255, observation.ExitCode);
        Assert.Contains("svc-1 was deleted behind Berth's back", observation.Message, StringComparison.Ordinal);
        Assert.Contains("svc-2", observation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagePullBackOff_SaysTheReasonTheMessageAndTheImage()
    {
        var status = new V1ContainerStatus
        {
            Name = ReplicaManifest.ContainerName, Image = "127.0.0.1:15000/berth/env:nope",
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image" } },
        };

        var observation = PodFacts.Observe(null, Pod(container: status), null, Url);

        Assert.Null(observation.Url);
        Assert.Equal("ImagePullBackOff: Back-off pulling image (image 127.0.0.1:15000/berth/env:nope)", observation.Message);
        Assert.Equal(("ImagePullBackOff", "Back-off pulling image", "127.0.0.1:15000/berth/env:nope"), observation.ImagePull);
    }

    [Fact]
    public void NoPodBecauseTheReplicaSetWasRefused_SaysTheDeploymentsReplicaFailure_AsARefusalByItsNamespace()
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = "team-a" },
            Status = new V1DeploymentStatus { Conditions = [new V1DeploymentCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = "pods \"x\" is forbidden: exceeded quota: q" }] },
        };

        var observation = PodFacts.Observe(deployment, null, null, Url);

        Assert.Equal("FailedCreate: pods \"x\" is forbidden: exceeded quota: q", observation.Message);
        Assert.Equal(("team-a", "pods \"x\" is forbidden: exceeded quota: q"), observation.CreateRefused);
    }

    private static V1ContainerStatus Status(int restarts, bool running, V1ContainerStateTerminated? last = null) => new()
    {
        Name = ReplicaManifest.ContainerName,
        RestartCount = restarts,
        State = running ? new V1ContainerState { Running = new V1ContainerStateRunning() } : new V1ContainerState(),
        LastState = last is null ? new V1ContainerState() : new V1ContainerState { Terminated = last },
    };

    private static V1Pod Pod(string name = "svc-g1-r1-abc", string uid = "uid-1", V1ContainerStatus? container = null, IList<V1PodCondition>? conditions = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = uid },
        Status = new V1PodStatus { Conditions = conditions, ContainerStatuses = container is null ? null : [container] },
    };
}
