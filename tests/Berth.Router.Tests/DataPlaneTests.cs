using System.Net;
using Berth.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Berth.Router.Tests;

/// <summary>The front door's answers: balancing, replica failures, request ids, the cluster path.</summary>
public sealed class DataPlaneTests : RouterTestBase
{
    [Fact]
    public async Task Balancing_TwoReplicasSequentialRequests_EachReplicaGetsHalf()
    {
        var a = await Replica(FakeReplica.OkAsync("a"));
        var b = await Replica(FakeReplica.OkAsync("b"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("bal", a, b)));

        for (var i = 0; i < 10; i++)
        {
            using var response = await Within(Session.ScoreAsync(route));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(5, a.Count);
        Assert.Equal(5, b.Count);
    }

    [Fact]
    public async Task Balancing_OneReplicaBusy_NextRequestGoesToTheIdleOne()
    {
        var slow = await Replica(FakeReplica.OkAsync("slow", TimeSpan.FromSeconds(5)));
        var fast = await Replica(FakeReplica.OkAsync("fast"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("least", slow, fast) with { MaxConcurrentRequestsPerContainer = 4 }));

        var first = Session.ScoreAsync(route);
        await WaitUntil(() => slow.Count == 1);
        for (var i = 0; i < 3; i++)
        {
            using var response = await Within(Session.ScoreAsync(route));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var firstResponse = await Within(first);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(1, slow.Count);
        Assert.Equal(3, fast.Count);
    }

    [Fact]
    public async Task ReplicaReturns500_CallerGets502WithTheReplicaBody()
    {
        var failing = await Replica(FakeReplica.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            context.Response.Headers["x-ms-run-function-failed"] = "True";
            await context.Response.WriteAsync("{\"message\": \"An unexpected error occurred in scoring script. Check the logs for more info.\"}");
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("fail", failing)));

        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("An unexpected error occurred in scoring script", await RouterSession.MessageOf(response));
        Assert.Equal("True", response.Headers.GetValues("x-ms-run-function-failed").Single());
        var stats = await Within(Session.SettledStatsAsync("fail", 1));
        Assert.Equal(1, stats.Status502);
        Assert.Equal(1, Assert.Single(stats.ReplicaLoad).Failed);
    }

    [Fact]
    public async Task ReplicaStatus400_PassesThroughUnchanged()
    {
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"message\": \"bad input\"}");
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("bad", replica)));

        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad input", await RouterSession.MessageOf(response));
    }

    [Fact]
    public async Task ReplicaDropsTheConnection_CallerGets502NamingTheReplica()
    {
        var dropping = await Replica(FakeReplica.StartAsync(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("drop", dropping)));

        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("drop-r1", await RouterSession.MessageOf(response));
    }

    [Fact]
    public async Task ReplicaDropsMidResponse_CallerGets502NamingTheReplica()
    {
        var dropping = await Replica(FakeReplica.StartAsync(async context =>
        {
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("{\"partial\": ");
            await context.Response.Body.FlushAsync();
            await Task.Delay(100);
            context.Abort();
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("cut", dropping)));

        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("cut-r1", await RouterSession.MessageOf(response));
    }

    [Fact]
    public async Task ReplicaRefusesConnections_CallerGets502NamingTheReplica()
    {
        var route = await Within(Session.RouteAsync(new("gone", 0, [new("gone-r1", $"http://127.0.0.1:{FreePort.Next()}")])));

        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var message = await RouterSession.MessageOf(response);
        Assert.Contains("gone-r1", message);
        Assert.Contains("could not connect", message);
    }

    [Fact]
    public async Task OneReplicaRefusesConnections_RequestsGoToTheOtherWithTheirBodies()
    {
        var echo = await Replica(FakeReplica.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync("echo " + await reader.ReadToEndAsync());
        }));
        var route = await Within(Session.RouteAsync(new("half", 0, [new("half-dead", $"http://127.0.0.1:{FreePort.Next()}"), new("half-alive", echo.Url)])));

        for (var i = 0; i < 6; i++)
        {
            using var response = await Within(Session.ScoreAsync(route, $"{{\"n\": {i}}}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"echo {{\"n\": {i}}}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(6, echo.Count);
        var stats = await Within(Session.SettledStatsAsync("half", 6));
        Assert.Equal(0, stats.Status502);
        Assert.Equal([("half-dead", 1L), ("half-alive", 0L)], stats.ReplicaLoad.Select(r => (r.Id, r.Failed)).ToList());
    }

    [Fact]
    public async Task RequestId_SentByCaller_IsEchoedAndForwarded()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("rid", replica)));

        using var response = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Add("x-request-id", "my-id-42")));

        Assert.Equal("my-id-42", response.Headers.GetValues("x-request-id").Single());
        Assert.True(replica.Requests.TryPeek(out var seen));
        Assert.Equal("my-id-42", seen["x-request-id"]);
    }

    [Fact]
    public async Task RequestId_NotSent_IsGeneratedAsUuidAndForwarded()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("rid", replica)));

        using var response = await Within(Session.ScoreAsync(route));

        var id = response.Headers.GetValues("x-request-id").Single();
        Assert.True(Guid.TryParseExact(id, "D", out _), $"'{id}' is not a UUID");
        Assert.True(replica.Requests.TryPeek(out var seen));
        Assert.Equal(id, seen["x-request-id"]);
    }

    [Fact]
    public async Task ReplicaHeadersAndOtherPaths_PassThroughTheFrontDoor()
    {
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            context.Response.Headers["x-ms-server-version"] = "azmlinfsrv/1.4.0";
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("paths", replica)));
        var root = route.ScoringUri[..^"/score".Length];

        using var swagger = await Within(Session.Http.GetAsync($"{root}/swagger.json?version=3"));
        using var v2 = await Within(Session.Http.GetAsync($"{root}/v2/models/m/ready"));

        Assert.Equal("GET /swagger.json?version=3", await swagger.Content.ReadAsStringAsync());
        Assert.Equal("azmlinfsrv/1.4.0", swagger.Headers.GetValues("x-ms-server-version").Single());
        Assert.Equal("GET /v2/models/m/ready", await v2.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ClusterPath_RoutesByServiceName_UnknownServiceIs404()
    {
        var replica = await Replica(FakeReplica.StartAsync(context => context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}")));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("clu", replica)));

        using var score = await Within(Session.Http.PostAsync(route.ClusterScoringUri, new StringContent("{}")));
        using var unknown = await Within(Session.Http.PostAsync($"{Session.Router.Url}/api/v1/service/nope/score", new StringContent("{}")));

        Assert.Equal($"{Session.Router.Url}/api/v1/service/clu/score", route.ClusterScoringUri);
        Assert.Equal("POST /score", await score.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", await RouterSession.MessageOf(unknown));
    }

    internal static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
