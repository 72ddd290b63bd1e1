using System.Net;
using Berth.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Berth.Router.Tests;

/// <summary>After a 504 the replica's slot stays busy until the replica really is free, so the next request is not 504'd for it.</summary>
public sealed class TimeoutSlotTests : RouterTestBase
{
    [Fact]
    public async Task After504_NextRequestOnOneReplica_WaitsForTheStuckRunAndIsServed()
    {
        // One worker, as a replica with one run() at a time: a request waits inside it while another runs.
        var worker = new SemaphoreSlim(1, 1);
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            await worker.WaitAsync();
            try
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                if (body.Contains("slow", StringComparison.Ordinal))
                {
                    await stuck.Task;
                }

                await context.Response.WriteAsync("served " + body);
            }
            finally
            {
                worker.Release();
            }
        }));
        var spec = RouterSession.Spec("late", replica) with { ScoringTimeoutMs = 1000, MaxQueueWaitMs = 120_000 };
        var route = await Within(Session.RouteAsync(spec));

        using var first = await Within(Session.ScoreAsync(route, "slow"));
        var next = Session.ScoreAsync(route, "fast");
        // The next request is held by the router (queued) while the replica still runs the first one.
        while (!next.IsCompleted && (await Session.StatsAsync("late")).Queued == 0)
        {
            await Within(Task.Delay(50));
        }

        stuck.SetResult();
        using var answer = await Within(next);

        Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("served fast", await answer.Content.ReadAsStringAsync());
        var stats = await Within(Session.SettledStatsAsync("late", 2));
        Assert.Equal(1, stats.Status504);
        Assert.Equal(1, stats.ReplicaLoad[0].Failed);
        Assert.Equal(0, stats.BusySlots);
    }
}
