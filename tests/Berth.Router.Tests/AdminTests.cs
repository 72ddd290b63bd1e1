using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>The admin API: ports, validation, replica swaps, deletion, and the saved route table across a crash.</summary>
public sealed class AdminTests : RouterTestBase
{
    [Fact]
    public async Task Put_PortHeldByAnotherProcess_409NamingThePortAndTheProcess()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var replica = await Replica(FakeReplica.OkAsync("a"));

        using var response = await Within(Session.PutAsync(RouterSession.Spec("taken", replica) with { Port = port }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("route.port_in_use", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"port {port}", detail);
        Assert.Contains($"pid {Environment.ProcessId}", detail);
        Assert.Equal(port, problem.GetProperty("port").GetInt32());
        Assert.Equal(Environment.ProcessId, problem.GetProperty("pid").GetInt32());
        var routes = await Within(Session.Http.GetFromJsonAsync<List<RouteStatus>>($"{Session.Router.Url}/admin/v1/routes", RouterSession.Json));
        Assert.Empty(routes!);
    }

    [Fact]
    public async Task Put_PortOfAnotherService_409NamingThatService()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var first = await Within(Session.RouteAsync(RouterSession.Spec("first", replica)));

        using var response = await Within(Session.PutAsync(RouterSession.Spec("second", replica) with { Port = first.Port }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("'first'", (await ProblemOf(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Put_InvalidSpec_400ListingEveryProblem()
    {
        var spec = new RouteSpec("bad", 70000, [new("r", "ftp://x"), new("r", "http://127.0.0.1:1")], MaxConcurrentRequestsPerContainer: 0, AuthEnabled: true);

        using var response = await Within(Session.PutAsync(spec));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("route.invalid", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("field").GetString()).ToList();
        Assert.Equal(["port", "replicas[0].url", "replicas[1].id", "maxConcurrentRequestsPerContainer", "primaryKey"], fields);
    }

    [Fact]
    public async Task Put_ChosenPort_ServesThereAndReportsUris()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var port = FreePort.Next();

        var route = await Within(Session.RouteAsync(RouterSession.Spec("fixed", replica) with { Port = port }));
        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(port, route.Port);
        Assert.Equal($"http://127.0.0.1:{port}/score", route.ScoringUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Delete_ClosesTheFrontDoorAndFreesThePort()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("gone", replica)));

        using var deleted = await Within(Session.Http.DeleteAsync($"{Session.Router.Url}/admin/v1/routes/gone"));
        using var again = await Within(Session.Http.DeleteAsync($"{Session.Router.Url}/admin/v1/routes/gone"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var listener = new TcpListener(IPAddress.Loopback, route.Port);
        listener.Start();
        listener.Stop();
        using var stats = await Within(Session.Http.GetAsync($"{Session.Router.Url}/admin/v1/routes/gone/stats"));
        Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
        Assert.DoesNotContain("\"gone\"", await File.ReadAllTextAsync(Path.Combine(Session.State.Path, "routes.json")));
    }

    [Fact]
    public async Task RouterKilled_Restarted_ReopensEveryFrontDoorFromRoutesJson()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var keyed = await Within(Session.RouteAsync(RouterSession.Spec("keyed", replica) with { AuthEnabled = true, PrimaryKey = "k1" }));
        var plain = await Within(Session.RouteAsync(RouterSession.Spec("plain", replica)));

        await Within(Session.KillAndRestartAsync());

        using var plainResponse = await Within(Session.ScoreAsync(plain));
        using var keyedRefused = await Within(Session.ScoreAsync(keyed));
        using var keyedResponse = await Within(Session.ScoreAsync(keyed, configure: r => r.Headers.Authorization = new("Bearer", "k1")));
        var routes = await Within(Session.Http.GetFromJsonAsync<List<RouteStatus>>($"{Session.Router.Url}/admin/v1/routes", RouterSession.Json));

        Assert.Equal(HttpStatusCode.OK, plainResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, keyedRefused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyedResponse.StatusCode);
        Assert.Equal([("keyed", keyed.Port), ("plain", plain.Port)], routes!.Select(r => (r.Service, r.Port)).ToList());
        Assert.All(routes!, r => Assert.True(r.FrontDoorOpen));
    }

    [Fact]
    public async Task Put_SwapReplicasUnderAStreamOfRequests_NoRequestFails_NewRequestsGoToTheNewSet()
    {
        var oldA = await Replica(FakeReplica.OkAsync("oldA", TimeSpan.FromMilliseconds(20)));
        var oldB = await Replica(FakeReplica.OkAsync("oldB", TimeSpan.FromMilliseconds(20)));
        var newA = await Replica(FakeReplica.OkAsync("newA", TimeSpan.FromMilliseconds(20)));
        var newB = await Replica(FakeReplica.OkAsync("newB", TimeSpan.FromMilliseconds(20)));
        var spec = RouterSession.Spec("swap", oldA, oldB) with { MaxConcurrentRequestsPerContainer = 2, MaxQueueWaitMs = 10_000 };
        var route = await Within(Session.RouteAsync(spec));
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await Session.ScoreAsync(route);
                statuses.Add(response.StatusCode);
            }
        })).ToArray();
        await DataPlaneTests.WaitUntil(() => statuses.Count >= 30);
        var swapped = await Within(Session.RouteAsync(spec with { Replicas = [new("swap-n1", newA.Url), new("swap-n2", newB.Url)] }));
        var oldCountAtSwap = oldA.Count + oldB.Count;
        await DataPlaneTests.WaitUntil(() => newA.Count + newB.Count >= 30);
        await stop.CancelAsync();
        await Within(Task.WhenAll(workers));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(route.Port, swapped.Port);
        Assert.True(newA.Count > 0 && newB.Count > 0, "both new replicas take requests");
        Assert.InRange(oldA.Count + oldB.Count, oldCountAtSwap, oldCountAtSwap + 6);
    }

    [Fact]
    public async Task Put_SwapWhileARequestRuns_TheRunningRequestFinishesOnTheOldReplica()
    {
        var old = await Replica(FakeReplica.OkAsync("old", TimeSpan.FromSeconds(1)));
        var fresh = await Replica(FakeReplica.OkAsync("fresh"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("inflight", old)));

        var running = Session.ScoreAsync(route);
        await DataPlaneTests.WaitUntil(() => old.Count == 1);
        await Within(Session.RouteAsync(RouterSession.Spec("inflight", fresh)));
        using var next = await Within(Session.ScoreAsync(route));
        using var finished = await Within(running);

        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Contains("old", await finished.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("fresh", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_NamesTheRouter_UnknownAdminPathIs404Problem()
    {
        var info = await Within(Session.Http.GetFromJsonAsync<RouterInfo>($"{Session.Router.Url}/admin/v1/health", RouterSession.Json));
        using var unknown = await Within(Session.Http.GetAsync($"{Session.Router.Url}/admin/v1/nothing"));
        using var missing = await Within(Session.Http.GetAsync($"{Session.Router.Url}/admin/v1/routes/nobody"));

        Assert.Equal(Session.Router.Url, info!.Url);
        Assert.Equal(Session.Router.Pid, info.Pid);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("request.invalid.route", (await ProblemOf(unknown)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("route.not_found", (await ProblemOf(missing)).GetProperty("code").GetString());
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
