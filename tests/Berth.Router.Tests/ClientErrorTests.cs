using Berth.Api.V1;
using Berth.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Router.Tests;

/// <summary>The caller's faults are 4xx and counted as client errors, never against the replica (and so never blamed on run()).</summary>
public sealed class ClientErrorTests : RouterTestBase
{
    [Fact]
    public async Task BodyOf200MB_Gets413BeforeProxying_AndIsNotCountedAsAReplicaFailure()
    {
        var (replica, route) = await EchoRouteAsync("big");
        using var raw = await RawHttp.ConnectAsync(new Uri(route.ScoringUri));

        await raw.SendAsync(new Uri(route.ScoringUri), $"Content-Length: {200L * 1024 * 1024}\r\n");
        var (status, text) = await Within(raw.ReadResponseAsync(TimeSpan.FromSeconds(30)));

        Assert.True(status == 413, text);
        Assert.Contains("larger than the limit", text);
        var stats = await Within(Session.SettledStatsAsync("big", 1));
        AssertClientErrorOnly(stats, "413");
        Assert.Equal(0, replica.Count);
    }

    [Fact]
    public async Task ChunkedBodyPastTheLimitWhileProxying_Gets413_AndIsNotCountedAsAReplicaFailure()
    {
        var (_, route) = await EchoRouteAsync("stream");
        var uri = new Uri(route.ScoringUri);
        using var raw = await RawHttp.ConnectAsync(uri);

        await raw.SendAsync(uri, "Transfer-Encoding: chunked\r\n");
        var sending = SendChunksAsync(raw.Stream, chunk: 1024 * 1024, count: 110);
        var reading = raw.ReadResponseAsync(TimeSpan.FromSeconds(60));
        await Within(((Task)sending).ContinueWith(_ => { }, TaskScheduler.Default), 60);
        var answer = await Within(reading.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Status : 0, TaskScheduler.Default), 60);

        // The router may close the connection before the caller reads the answer; the router's count is what it decided.
        Assert.True(answer is 413 or 0, $"status {answer}");
        var stats = await Within(PollStatsAsync("stream", s => s.Requests == 1));
        AssertClientErrorOnly(stats, "413");
    }

    [Fact]
    public async Task MalformedChunkedBody_Gets400_AndIsNotCountedAsAReplicaFailure()
    {
        var (_, route) = await EchoRouteAsync("chunks");
        var uri = new Uri(route.ScoringUri);
        using var raw = await RawHttp.ConnectAsync(uri);

        await raw.SendAsync(uri, "Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n");
        var (status, text) = await Within(raw.ReadResponseAsync(TimeSpan.FromSeconds(30)));

        Assert.True(status == 400, text);
        Assert.Contains("malformed", text);
        // The router counts a request once its answer is written: the caller may read it first.
        AssertClientErrorOnly(await Within(PollStatsAsync("chunks", s => s.Requests == 1)), "400");
    }

    [Fact]
    public async Task CallerClosesMidUpload_IsAClientError_NotAReplicaFailure()
    {
        var (_, route) = await EchoRouteAsync("gone");
        var uri = new Uri(route.ScoringUri);
        using (var raw = await RawHttp.ConnectAsync(uri))
        {
            await raw.SendAsync(uri, "Content-Length: 1000\r\n", "{\"data\": [");
            await Within(PollStatsAsync("gone", s => s.ReplicaLoad[0].InFlight == 1));
        }

        var stats = await Within(PollStatsAsync("gone", s => s.Requests == 1));

        // 499 when the router saw the connection close first, 400 when it first saw the body end short of its length.
        AssertClientErrorOnly(stats, stats.RequestsByStatus.ContainsKey("400") ? "400" : "499");
    }

    internal static void AssertClientErrorOnly(RouteStats stats, string status)
    {
        Assert.True(stats.RequestsByStatus.GetValueOrDefault(status) == 1, string.Join(", ", stats.RequestsByStatus));
        Assert.Equal(1, stats.ClientErrors);
        Assert.Equal(0, stats.Status502);
        Assert.Equal(0, stats.Status504);
        Assert.All(stats.ReplicaLoad, r => Assert.Equal(0, r.Failed));
    }

    internal async Task<(FakeReplica Replica, RouteStatus Route)> EchoRouteAsync(string service, int scoringTimeoutMs = 60_000)
    {
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            // The replica takes any size, so that only the router's limit applies.
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync($"got {(await reader.ReadToEndAsync()).Length} chars");
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec(service, replica) with { ScoringTimeoutMs = scoringTimeoutMs }));
        return (replica, route);
    }

    internal async Task<RouteStats> PollStatsAsync(string service, Func<RouteStats, bool> done)
    {
        while (true)
        {
            var stats = await Session.StatsAsync(service);
            if (done(stats))
            {
                return stats;
            }

            await Task.Delay(50);
        }
    }

    private static async Task SendChunksAsync(Stream stream, int chunk, int count)
    {
        var data = new byte[chunk];
        var header = System.Text.Encoding.ASCII.GetBytes($"{chunk:x}\r\n");
        var end = "\r\n"u8.ToArray();
        for (var i = 0; i < count; i++)
        {
            await stream.WriteAsync(header);
            await stream.WriteAsync(data);
            await stream.WriteAsync(end);
        }
    }
}
