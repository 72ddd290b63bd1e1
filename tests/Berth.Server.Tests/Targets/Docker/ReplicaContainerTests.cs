using Berth.Server.Services;
using Berth.Server.Targets;
using Berth.Server.Targets.Docker;

namespace Berth.Server.Tests.Targets.Docker;

/// <summary>The replica container as a pure function of its spec: the network it joins and where the replica listens.</summary>
public sealed class ReplicaContainerTests
{
    private static readonly ReplicaSpec Spec = new(
        "g1-r1", "/ws/services/svc/gen-1/replica-1",
        new ReplicaLaunch("/ws/services/svc/gen-1/app", "/ws/services/svc/gen-1/app/score.py", "/ws/services/svc/gen-1/app/models", "berth/env:abc",
            60000, 1, new Dictionary<string, string>(), "score.py", [], [], null),
        "svc", "token")
    { MemoryInGB = 0.5, Cpu = 1, Generation = 1 };

    [Fact]
    public void OnTheHostsNetwork_TheReplicaListensOnLoopbackAtAPortItPicks_AndNothingIsPublished()
    {
        var container = ReplicaContainer.For(Spec, "/ws", "/ws/models", "berth-svc-g1-r1-x", "1000:1000", hostNetwork: true);

        Assert.Equal("host", container.Network);
        Assert.Null(container.PublishPort);
        Assert.Equal(["127.0.0.1", "0"], Option(container, "--host").Concat(Option(container, "--port")));
    }

    [Fact]
    public void OnTheBridge_TheReplicaListensOnTheContainersPort_PublishedOn127001()
    {
        var container = ReplicaContainer.For(Spec, "/ws", "/ws/models", "berth-svc-g1-r1-x", "1000:1000", hostNetwork: false);
        var parameters = ContainerParameters.From(container);

        Assert.Null(container.Network);
        Assert.Equal(ReplicaDockerfile.ContainerPort, container.PublishPort);
        Assert.Equal(["0.0.0.0"], Option(container, "--host"));
        Assert.All(parameters.HostConfig!.PortBindings!.Values.SelectMany(b => b), b => Assert.Equal("127.0.0.1", b.HostIP));
    }

    private static IEnumerable<string> Option(ContainerSpec container, string name)
    {
        var command = container.Command!.ToList();
        return [command[command.IndexOf(name) + 1]];
    }
}
