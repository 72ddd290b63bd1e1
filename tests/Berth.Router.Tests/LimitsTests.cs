using System.Diagnostics;
using System.Net;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>The concurrency cap, the queue and its 503, the scoring timeout and its 504.</summary>
public sealed class LimitsTests : RouterTestBase
{
    [Fact]
    public async Task CapOfOne_SecondRequestWaitsPastMaxQueueWait_Gets503WithRetryAfter()
    {
        var slow = await Replica(FakeReplica.OkAsync("slow", TimeSpan.FromSeconds(5)));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("cap", slow) with { MaxQueueWaitMs = 300 }));

        var first = Session.ScoreAsync(route);
        await DataPlaneTests.WaitUntil(() => slow.Count == 1);
        var clock = Stopwatch.StartNew();
        using var second = await Within(Session.ScoreAsync(route));
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter?.Delta);
        Assert.Contains("overloaded", await RouterSession.MessageOf(second));
        Assert.InRange(clock.ElapsedMilliseconds, 250, 300 + 2000);
        Assert.False(first.IsCompleted, "the 503 must come from the queue limit, not after the first request finished");
        using var firstResponse = await Within(first);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(1, slow.MaxInFlight);
        var stats = await Within(Session.SettledStatsAsync("cap", 2));
        Assert.Equal(1, stats.Status503);
        Assert.True(stats.QueueWaitMs.Max >= 250, $"queue wait max {stats.QueueWaitMs.Max} ms");
    }

    [Fact]
    public async Task CapOfTwo_ConcurrentRequestsQueueWithinMaxQueueWait_AllSucceedAndCapHolds()
    {
        var replica = await Replica(FakeReplica.OkAsync("q", TimeSpan.FromMilliseconds(200)));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("queue", replica) with { MaxConcurrentRequestsPerContainer = 2, MaxQueueWaitMs = 20_000 }));

        var responses = await Within(Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Session.ScoreAsync(route))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, replica.MaxInFlight);
        Assert.Equal(8, replica.Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ReplicaSlowerThanScoringTimeout_Gets504()
    {
        var slow = await Replica(FakeReplica.OkAsync("slow", TimeSpan.FromSeconds(10)));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("late", slow) with { ScoringTimeoutMs = 400 }));

        var clock = Stopwatch.StartNew();
        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("scoringTimeoutMs=400", await RouterSession.MessageOf(response));
        Assert.InRange(clock.ElapsedMilliseconds, 350, 400 + 3000);
        Assert.Equal(1, (await Within(Session.SettledStatsAsync("late", 1))).Status504);
    }

    [Fact]
    public async Task NoReplicas_Gets503SayingSo()
    {
        var route = await Within(Session.RouteAsync(new("empty", 0, [])));

        using var response = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no replica", await RouterSession.MessageOf(response));
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Stats_AfterLoad_ReportRunTimeUtilizationAndSlowestRequests()
    {
        var replica = await Replica(FakeReplica.OkAsync("s", TimeSpan.FromSeconds(2)));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("stats", replica) with { MaxQueueWaitMs = 10_000 }));

        var running = Task.WhenAll(Session.ScoreAsync(route), Session.ScoreAsync(route));
        var during = await Within(Session.StatsAsync("stats"));
        for (var deadline = DateTime.UtcNow.AddSeconds(10); during.Queued == 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
            during = await Within(Session.StatsAsync("stats"));
        }

        await Within(running);
        var after = await Within(Session.StatsAsync("stats"));
        var metrics = await Within(Session.Http.GetStringAsync($"{Session.Router.Url}/metrics"));

        Assert.Equal(1, during.BusySlots);
        Assert.Equal(1, during.BusyReplicas);
        Assert.Equal(1, during.Queued);
        Assert.Equal(2.0, during.Utilization);
        Assert.Equal(2, after.RequestsByStatus["200"]);
        Assert.Equal(1.25, after.RunTimeMaxMs);
        Assert.Equal(2, after.SlowestRecent.Count);
        Assert.Equal(0.0, after.Utilization);
        Assert.True(after.Recent.Utilization60s > 0, $"minute utilization {after.Recent.Utilization60s}");
        Assert.True(after.Recent.RequestsPerSecond60s > 0, $"minute rate {after.Recent.RequestsPerSecond60s}");
        MetricsText.AssertValue(metrics, 2, "berth_router_requests_total", ("service", "stats"), ("code", "200"));
        MetricsText.AssertValue(metrics, 0, "berth_router_utilization", ("service", "stats"));
        MetricsText.AssertValue(metrics, 0.00125, "berth_router_run_time_max_seconds", ("service", "stats"));
    }
}
