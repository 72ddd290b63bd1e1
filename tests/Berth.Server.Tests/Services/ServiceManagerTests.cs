using Berth.Errors;
using Berth.Server.Tests.Infrastructure;

namespace Berth.Server.Tests.Services;

/// <summary>The service manager's operations against the real router and real replicas: who wins a race, and what a delete leaves.</summary>
public sealed class ServiceManagerTests : IAsyncLifetime
{
    private const string SlowInit = "import time\n\ndef init():\n    time.sleep(120)\n\ndef run(data):\n    return 'ok'\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private ServerParts _parts = null!;

    public async Task InitializeAsync() => _parts = await ServerParts.CreateAsync();

    public async Task DisposeAsync() => await _parts.DisposeAsync();

    [Fact]
    public async Task ConcurrentDeploys_OfOneName_OneWins_AndOnlyTheWinnersPortListens()
    {
        var ports = Enumerable.Range(0, 4).Select(_ => ServerParts.FreePort()).Distinct().ToList();
        var requests = ports.Select((p, i) => _parts.App($"app{i}", "svc", SlowInit, $$"""{"computeType": "local", "port": {{p}}}""")).ToList();

        var attempts = requests.Select(r => Task.Run(() => _parts.Manager.DeployAsync(r, _parts.Caller, CancellationToken.None))).ToList();
        await Task.WhenAll(attempts.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(Timeout);

        var winner = await Assert.Single(attempts, a => a.IsCompletedSuccessfully);
        Assert.All(attempts.Where(a => !a.IsCompletedSuccessfully), a => Assert.Contains(((BerthException)a.Exception!.GetBaseException()).Code, new[] { "service.busy", "service.exists" }));
        var recorded = Assert.Single(_parts.Store.All()).Port;
        Assert.Equal(winner.Port, recorded);
        Assert.True(ServerParts.Listens(recorded!.Value), $"the recorded port {recorded} does not listen");
        Assert.All(ports.Where(p => p != recorded), p => Assert.False(ServerParts.Listens(p), $"port {p} of a losing deploy listens"));
    }

    [Fact]
    public async Task Delete_DuringARollout_CancelsIt_StopsItsReplicas_AndNothingIsWrittenBack()
    {
        var request = _parts.App("app", "svc", SlowInit, """{"computeType": "local", "numReplicas": 2}""");
        await _parts.Manager.DeployAsync(request, _parts.Caller, CancellationToken.None);
        var service = _parts.Manager.Get("svc");
        await WaitUntilAsync(() => service.Slots.Count == 2 && service.Slots.All(s => s.Replica is not null), "both replicas started");
        var started = service.Slots.Select(s => s.Replica!.Pid!.Value).ToList();

        await _parts.Manager.DeleteAsync("svc", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(0, _parts.Operations.Count);
        Assert.Empty(_parts.Store.All());
        Assert.False(Directory.Exists(service.Directory));
        Assert.Empty(_parts.ReplicaProcesses());
        Assert.All(started, pid => Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), $"replica {pid} still runs"));
        Assert.Throws<BerthException>(() => _parts.Manager.Get("svc"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Timeout}: {what}");
            await Task.Delay(20);
        }
    }
}
