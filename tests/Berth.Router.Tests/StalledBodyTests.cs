using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>A caller that stops sending its body gets 408 after the body idle timeout (1 s here), not 502 or 504.</summary>
public sealed class StalledBodyTests() : RouterTestBase("--body-idle-timeout-ms", "1000")
{
    [Fact]
    public async Task StalledUpload_Gets408WithinTheBodyIdleTimeout_AndIsNotCountedAsAReplicaFailure()
    {
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await reader.ReadToEndAsync();
        }));
        // The scoring timeout is far away: only the idle timeout can end this request in time.
        var route = await Within(Session.RouteAsync(RouterSession.Spec("stall", replica) with { ScoringTimeoutMs = 600_000 }));
        var uri = new Uri(route.ScoringUri);
        using var raw = await RawHttp.ConnectAsync(uri);

        await raw.SendAsync(uri, "Content-Length: 1000\r\n", "{\"data\": [");
        var (status, text) = await Within(raw.ReadResponseAsync(TimeSpan.FromSeconds(60)), 60);

        Assert.True(status == 408, text);
        Assert.Contains("stopped arriving", text);
        ClientErrorTests.AssertClientErrorOnly(await Within(Session.SettledStatsAsync("stall", 1)), "408");
    }
}
