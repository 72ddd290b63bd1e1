using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>Deploys and deletes that race each other, and deploys on a machine whose cores are busy.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const string Script = "def init():\n    pass\n\ndef run(data):\n    return 'ok'\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly CliSession _session = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        var register = await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/weights.txt", "w"));
        Assert.True(register.ExitCode == 0, register.ToString());
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task FourReplicaDeploys_UnderCpuLoad_AllSucceed_AndDeleteStopsEveryReplica()
    {
        // Each replica start was a chance to read the wrapper's pid file before the shell wrote it (4 of 6 such deploys failed).
        const int Deploys = 5;
        var app = ServiceApp.Write(_session.Files, "app", Script, """{"computeType": "local", "numReplicas": 4}""");
        var results = new List<ProcessResult>();
        using (new CpuLoad(loops: 2, limit: TimeSpan.FromMinutes(15)))
        {
            for (var i = 0; i < Deploys; i++)
            {
                results.Add(await _session.BerthAsync(TimeSpan.FromMinutes(4), app.DeployArguments($"svc{i}", "m")));
            }
        }

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        for (var i = 0; i < Deploys; i++)
        {
            using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", $"svc{i}", "-o", "json")).StandardOutput);
            Assert.Equal("Healthy", show.RootElement.GetProperty("state").GetString());
            Assert.Equal(4, show.RootElement.GetProperty("replicas").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "Ready"));
            var delete = await _session.BerthAsync("service", "delete", $"svc{i}");
            Assert.True(delete.ExitCode == 0, delete.ToString());
        }

        await WaitUntilAsync(() => DetachedProcesses.ReplicasUnder(_session.Home.Path).Count == 0, "every replica stopped after the deletes");
    }

    [Fact]
    public async Task ConcurrentDeploys_OfOneName_OneWins_AndItsRecordedPortIsTheOneListening()
    {
        var ports = Enumerable.Range(0, 4).Select(_ => FreePort.Next()).Distinct().ToList();
        var requests = ports.Select((port, i) =>
        {
            var app = ServiceApp.Write(_session.Files, $"app{i}", Script, $$"""{"computeType": "local", "port": {{port}}}""");
            return new { name = "svc", models = new[] { "m" }, inferenceConfigPath = app.InferenceConfig, deploymentConfigPath = app.DeploymentConfig };
        }).ToList();
        using var http = _session.Server.Client();

        var responses = await Task.WhenAll(requests.Select(r => http.PostAsJsonAsync("api/v1/services", r)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        var recorded = show.RootElement.GetProperty("port").GetInt32();
        Assert.Equal(ports[responses.ToList().FindIndex(r => r.StatusCode == HttpStatusCode.Accepted)], recorded);
        Assert.True(await ListensAsync(recorded), $"the recorded port {recorded} does not listen");
        foreach (var other in ports.Where(p => p != recorded))
        {
            Assert.False(await ListensAsync(other), $"port {other}, asked for by a deploy that lost, listens");
        }
    }

    [Fact]
    public async Task Delete_DuringDeploy_LeavesNoReplicaRunning_AndTheServiceStaysGoneAfterARestart()
    {
        // A source directory that takes a while to copy into the app folder, and an init() that takes longer: the
        // delete lands while the rollout is busy.
        var app = ServiceApp.Write(_session.Files, "app", "import time\n\ndef init():\n    time.sleep(120)\n\ndef run(data):\n    return 'ok'\n", """{"computeType": "local", "numReplicas": 2}""");
        var chunk = new byte[2 << 20];
        Random.Shared.NextBytes(chunk);
        for (var i = 0; i < 200; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(app.Directory, $"data{i:D3}.bin"), chunk);
        }

        var deploy = await _session.BerthAsync([.. app.DeployArguments("svc", "m"), "--no-wait"]);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        await WaitUntilAsync(() => Directory.Exists(_session.Home.Combine("services", "svc", "gen-1", "app")), "the rollout began to build the app folder");
        using var http = _session.Server.Client();

        var delete = await http.DeleteAsync("api/v1/services/svc");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await WaitUntilAsync(() => DetachedProcesses.ReplicasUnder(_session.Home.Path).Count == 0, "no replica of the deleted service runs");
        Assert.False(Directory.Exists(_session.Home.Combine("services", "svc")), "the deleted service's folder came back");
        _session.Server.Kill();
        await _session.RestartServerAsync();
        var show = await _session.BerthAsync("service", "show", "svc");
        Assert.Equal(4, show.ExitCode);
        Assert.Equal("[]", (await _session.BerthAsync("service", "list", "-o", "json")).StandardOutput.Trim());
        Assert.Empty(DetachedProcesses.ReplicasUnder(_session.Home.Path));
    }

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Timeout);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
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
