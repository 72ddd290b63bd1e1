using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Berth.Api.V1;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>What the router does when its state folder or a saved port is not available.</summary>
public sealed class RestartTests : RouterTestBase
{
    [Fact]
    public async Task Restart_SavedPortTakenMeanwhile_RouteShownClosedWithTheReason_PutReopensItLater()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("moved", replica)));
        Session.Router.Kill();
        var holder = new TcpListener(IPAddress.Loopback, route.Port);
        holder.Start();

        await Within(Session.KillAndRestartAsync());
        var closed = (await Within(Session.Http.GetFromJsonAsync<RouteStatus>($"{Session.Router.Url}/admin/v1/routes/moved", RouterSession.Json)))!;
        holder.Stop();
        var reopened = await Within(Session.RouteAsync(RouterSession.Spec("moved", replica)));
        using var response = await Within(Session.ScoreAsync(reopened));

        Assert.False(closed.FrontDoorOpen);
        Assert.Contains($"port {route.Port}", closed.Error);
        Assert.True(reopened.FrontDoorOpen);
        Assert.Equal(route.Port, reopened.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SecondRouter_SameStateFolder_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Within(RouterProcess.StartAsync(Session.State.Path)));

        Assert.Contains("another berth-router already uses", error.Message);
    }

    [Fact]
    public async Task Put_NewPortForAService_MovesTheFrontDoor()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var before = await Within(Session.RouteAsync(RouterSession.Spec("mover", replica)));
        var port = FreePort.Next();

        var after = await Within(Session.RouteAsync(RouterSession.Spec("mover", replica) with { Port = port }));
        using var response = await Within(Session.ScoreAsync(after));

        Assert.Equal(port, after.Port);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var listener = new TcpListener(IPAddress.Loopback, before.Port);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public async Task OutputPipeClosed_RouterKeepsServingWithAccessLinesDropped()
    {
        using var state = new TempFolder("berth-router-orphan");
        using var router = await Within(RouterProcess.StartAsync(state.Path, abandonOutput: true));
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var spec = RouterSession.Spec("orphan", replica);
        using var put = await Within(Session.Http.PutAsJsonAsync($"{router.Url}/admin/v1/routes/orphan", spec, RouterSession.Json));
        var route = (await put.Content.ReadFromJsonAsync<RouteStatus>(RouterSession.Json))!;

        for (var i = 0; i < 2000; i++)
        {
            using var response = await Within(Session.ScoreAsync(route));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2000, replica.Count);
    }

    [Fact]
    public async Task Sigterm_RunningRequestFinishes_RouterExitsZero()
    {
        var slow = await Replica(FakeReplica.OkAsync("slow", TimeSpan.FromSeconds(1)));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("drain", slow)));

        var running = Session.ScoreAsync(route);
        await DataPlaneTests.WaitUntil(() => slow.Count == 1);
        var exit = Session.Router.TerminateAsync();
        using var response = await Within(running);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await Within(exit));
    }
}
