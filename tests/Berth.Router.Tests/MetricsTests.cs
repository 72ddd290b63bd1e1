using System.Net;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>The router's GET /metrics: OpenTelemetry's Prometheus exporter over the Berth.Router meter, on the router's own port.</summary>
public sealed class MetricsTests : RouterTestBase
{
    [Fact]
    public async Task Metrics_AfterTraffic_HaveTheCounterTypeHistogramBucketsAndPerServiceGauges()
    {
        var replica = await Replica(FakeReplica.OkAsync("m"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("metered", replica)));
        for (var i = 0; i < 3; i++)
        {
            using var scored = await Within(Session.ScoreAsync(route));
            Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        }

        var uri = new Uri(route.ScoringUri);
        using (var raw = await RawHttp.ConnectAsync(uri))
        {
            await raw.SendAsync(uri, "Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n");
            Assert.Equal(400, (await Within(raw.ReadResponseAsync(TimeSpan.FromSeconds(30)))).Status);
        }

        var text = await Within(ScrapeUntilAsync(t => MetricsText.Value(t, "berth_router_request_duration_seconds_count", ("service", "metered")) == 4));

        Assert.Matches(@"(?m)^# TYPE berth_router_requests_total counter$", text);
        Assert.Matches(@"(?m)^# TYPE berth_router_request_duration_seconds histogram$", text);
        Assert.Matches(@"(?m)^# TYPE berth_router_queue_wait_seconds histogram$", text);
        Assert.Matches(@"(?m)^# TYPE berth_router_client_errors_total counter$", text);
        Assert.Matches(@"(?m)^berth_router_request_duration_seconds_bucket\{[^}]*\ble=""0\.0001""[^}]*\} \d", text);
        Assert.DoesNotMatch(@"quantile=", text);
        MetricsText.AssertValue(text, 3, "berth_router_requests_total", ("service", "metered"), ("code", "200"));
        MetricsText.AssertValue(text, 1, "berth_router_requests_total", ("service", "metered"), ("code", "400"));
        MetricsText.AssertValue(text, 1, "berth_router_client_errors_total", ("service", "metered"));
        MetricsText.AssertValue(text, 4, "berth_router_request_duration_seconds_bucket", ("service", "metered"), ("le", "+Inf"));
        MetricsText.AssertValue(text, 4, "berth_router_queue_wait_seconds_count", ("service", "metered"));
        MetricsText.AssertValue(text, 1, "berth_router_replicas", ("service", "metered"));
        MetricsText.AssertValue(text, 1, "berth_router_front_door_open", ("service", "metered"));
        MetricsText.AssertValue(text, 0, "berth_router_in_flight", ("service", "metered"));
        MetricsText.AssertValue(text, 0, "berth_router_queued", ("service", "metered"));
        MetricsText.AssertValue(text, 0.00125, "berth_router_run_time_max_seconds", ("service", "metered"));
    }

    [Fact]
    public async Task Metrics_UnderLoad_HaveTheAutoscalerSignal_UtilizationOverTheLastSecondAndMinute_AndTheReplicaCount()
    {
        var replica = await Replica(FakeReplica.OkAsync("slow", TimeSpan.FromSeconds(4)));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("loaded", replica) with { MaxQueueWaitMs = 10_000 }));
        var second = ("window", "1s");

        var running = Task.WhenAll(Session.ScoreAsync(route), Session.ScoreAsync(route));
        var text = await Within(ScrapeUntilAsync(t => MetricsText.Value(t, "berth_router_utilization_average", ("service", "loaded"), second) == 2));
        var stats = await Within(Session.StatsAsync("loaded"));
        await Within(running);

        Assert.Matches(@"(?m)^# TYPE berth_router_utilization_average gauge$", text);
        MetricsText.AssertValue(text, 2, "berth_router_utilization_average", ("service", "loaded"), second);
        var minute = MetricsText.Value(text, "berth_router_utilization_average", ("service", "loaded"), ("window", "1m"));
        Assert.True(minute is > 0 and <= 2, $"minute utilization {minute}");
        Assert.True(MetricsText.Value(text, "berth_router_requests_per_second", ("service", "loaded"), second) >= 0);
        MetricsText.AssertValue(text, 1, "berth_router_replicas", ("service", "loaded"));
        Assert.Equal((1, 1, 1), (stats.BusySlots, stats.Queued, stats.Replicas));
        Assert.True(stats.Recent.Utilization1s is > 1 and <= 2, $"second utilization {stats.Recent.Utilization1s}");
    }

    [Fact]
    public async Task Metrics_NeedNoAdminToken_AndHeadIsAnswered()
    {
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var get = await Within(plain.GetAsync($"{Session.Router.Url}/metrics"));
        using var head = await Within(plain.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Session.Router.Url}/metrics")));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.StartsWith("text/plain", get.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    /// <summary>Scrapes until <paramref name="done"/> holds: the router counts a request just after its answer is sent.</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = await Session.Http.GetStringAsync($"{Session.Router.Url}/metrics");
            if (done(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(50);
        }
    }
}
