using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>The control plane's own faults: limits, restarts, a clean stop, the router's port, its own bugs.</summary>
public sealed class ControlPlaneFaultTests : IAsyncLifetime
{
    private const string Script = "def init():\n    pass\n\ndef run(data):\n    return 'ok'\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly CliSession _session = new(new Dictionary<string, string> { ["BERTH_RESTART_INITIAL_DELAY_MS"] = "300" });

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        var register = await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/weights.txt", "w"));
        Assert.True(register.ExitCode == 0, register.ToString());
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Deploy_WithAHundredThousandReplicas_IsRefusedSayingHowManyFitAndWhy()
    {
        var app = ServiceApp.Write(_session.Files, "app", Script, """{"computeType": "local", "numReplicas": 100000}""");

        var deploy = await _session.BerthAsync([.. app.DeployArguments("svc", "m"), "--no-wait"]);
        if (deploy.ExitCode == 0)
        {
            _session.Server.Kill(); // accepted: stop the server before it starts 100000 replicas
        }

        Assert.Equal(5, deploy.ExitCode);
        Assert.Contains("deploymentconfig.json: numReplicas: 100000 replicas do not fit on this machine: at most ", deploy.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"the (memory|cores) bound[s]? it: ", deploy.StandardError);
        Assert.Contains("hint: lower \"numReplicas\" in deploymentconfig.json to ", deploy.StandardError, StringComparison.Ordinal);
        Assert.Equal("[]", (await _session.BerthAsync("service", "list", "-o", "json")).StandardOutput.Trim());
        Assert.Empty(DetachedProcesses.ReplicasUnder(_session.Home.Path));
    }

    [Fact]
    public async Task RestartedServer_AnswersForExistingServices_FromItsVeryFirstResponse()
    {
        await DeployAsync("svc", ServiceApp.Write(_session.Files, "app", Script));
        _session.Server.Kill();
        await GrowReplicaLogAsync("svc", 200 << 20); // a replica that has served for a while: its log is long
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var http = BerthServer.ClientFor(url, _session.Home.Path);
        http.Timeout = TimeSpan.FromSeconds(5);

        var restarting = _session.RestartServerAsync(url);
        HttpStatusCode? first = null;
        var deadline = DateTime.UtcNow + Timeout;
        while (first is null && DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("api/v1/services/svc");
                first = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet: ask again at once, to see the first answer it gives.
            }
        }

        await restarting.WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, first);
    }

    [Fact]
    public async Task CleanStop_BySigterm_RemovesServerJson_AndFreesTheWorkspace()
    {
        var info = _session.Home.Combine("server.json");
        var publishedWhileRunning = File.Exists(info);

        await _session.Server.StopAsync(Timeout);

        Assert.True(publishedWhileRunning);
        Assert.Equal(0, _session.Server.ExitCode);
        Assert.False(File.Exists(info), "server.json survived the clean stop");
        await _session.RestartServerAsync();
        Assert.Equal(0, (await _session.BerthAsync("model", "list")).ExitCode);
    }

    [Fact]
    public async Task RestartCountsAndLastExits_SurviveAServerRestart()
    {
        await DeployAsync("svc", ServiceApp.Write(_session.Files, "app", Script));
        var pid = (await ReplicaAsync("svc")).GetProperty("pid").GetInt32();
        using (var replica = Process.GetProcessById(pid))
        {
            replica.Kill();
        }

        var restarted = await WaitForReplicaAsync("svc", r => r.GetProperty("restarts").GetInt32() == 1 && r.GetProperty("status").GetString() == "Ready");
        var lastExit = restarted.GetProperty("lastExit").GetString();
        _session.Server.Kill();
        await _session.RestartServerAsync();
        var afterRestart = await ReplicaAsync("svc");

        Assert.Contains("SIGKILL", lastExit, StringComparison.Ordinal);
        Assert.Equal(1, afterRestart.GetProperty("restarts").GetInt32());
        Assert.Equal(lastExit, afterRestart.GetProperty("lastExit").GetString());
    }

    [Fact]
    public async Task WorkerCount_SetInTheEnvironmentsVariables_IsHonoured()
    {
        const string Conda = "name: e\ndependencies:\n  - python\nvariables:\n  WORKER_COUNT: \"3\"\n";
        await DeployAsync("svc", ServiceApp.Write(_session.Files, "app", Script, """{"computeType": "local", "maxConcurrentRequestsPerContainer": 2}""", condaFile: Conda));

        var logs = await _session.BerthAsync("service", "logs", "svc", "--tail", "500");

        Assert.Contains("Worker Count: 3", logs.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerCount_NotSet_IsMaxConcurrentRequestsPerContainer()
    {
        await DeployAsync("svc", ServiceApp.Write(_session.Files, "app", Script, """{"computeType": "local", "maxConcurrentRequestsPerContainer": 2}"""));

        var logs = await _session.BerthAsync("service", "logs", "svc", "--tail", "500");

        Assert.Contains("Worker Count: 2", logs.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartLineAndHealth_NameTheRoutersAdminAddress()
    {
        var routerUrl = await RouterUrlAsync();

        var line = await WaitForAsync(() => _session.Server.Output.FirstOrDefault(l => l.Contains("berth-router admin API at ", StringComparison.Ordinal)), "the start line");

        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", routerUrl);
        Assert.Contains($"Berth server listening at {_session.Server.Url}", line, StringComparison.Ordinal);
        Assert.EndsWith($"berth-router admin API at {routerUrl}", line, StringComparison.Ordinal);
        using var saved = JsonDocument.Parse(File.ReadAllText(_session.Home.Combine("router", "router.json")));
        Assert.Equal(routerUrl, saved.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Deploy_OnTheRoutersAdminPort_IsRefusedSayingItIsTheRoutersAdminPort()
    {
        var port = new Uri(await RouterUrlAsync()).Port;
        var app = ServiceApp.Write(_session.Files, "app", Script, $$"""{"computeType": "local", "port": {{port}}}""");

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains($"error: port {port} is the berth-router's admin port", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: set \"port\" in deploymentconfig.json to another port", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ThatBerthItselfBreaks_IsDiagnosedInternalError_NotNoProblemFound()
    {
        // A file where the deployment's generation folder goes: building the app folder throws inside Berth.
        Directory.CreateDirectory(_session.Home.Combine("services", "svc"));
        File.WriteAllText(_session.Home.Combine("services", "svc", "gen-1"), "in the way");
        var app = ServiceApp.Write(_session.Files, "app", Script);

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        var diagnose = await _session.BerthAsync("service", "diagnose", "svc", "-o", "json");
        var text = await _session.BerthAsync("service", "diagnose", "svc");

        Assert.Equal(6, deploy.ExitCode);
        using var json = JsonDocument.Parse(diagnose.StandardOutput);
        Assert.True(json.RootElement.GetProperty("causes").GetArrayLength() > 0, $"no cause found:\n{text.StandardOutput}");
        var cause = json.RootElement.GetProperty("causes")[0];
        Assert.Equal("internal_error", cause.GetProperty("code").GetString());
        Assert.Contains("This is a bug in Berth; report it with", cause.GetProperty("remedy").GetString(), StringComparison.Ordinal);
        Assert.Contains(cause.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("System.IO.", StringComparison.Ordinal));
        Assert.Contains(cause.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("Berth.Server.Deployment.AppFolder.Build", StringComparison.Ordinal));
        Assert.DoesNotContain("No problem found", text.StandardOutput, StringComparison.Ordinal);
    }

    private async Task GrowReplicaLogAsync(string service, long bytes)
    {
        var log = Directory.EnumerateFiles(_session.Home.Combine("services", service), "log", SearchOption.AllDirectories).Single();
        var line = System.Text.Encoding.UTF8.GetBytes("2026-12-01 12:00:00,000 I [1] berth.access - 127.0.0.1 \"POST /score HTTP/1.1\" 200 2 0.8ms\n");
        var block = Enumerable.Repeat(line, 1 << 14).SelectMany(b => b).ToArray();
        await using var stream = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        for (long written = 0; written < bytes; written += block.Length)
        {
            await stream.WriteAsync(block);
        }
    }

    private async Task DeployAsync(string name, ServiceApp app)
    {
        var deploy = await _session.BerthAsync(TimeSpan.FromMinutes(3), app.DeployArguments(name, "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
    }

    private async Task<JsonElement> ReplicaAsync(string service)
    {
        using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", service, "-o", "json")).StandardOutput);
        return show.RootElement.GetProperty("replicas")[0].Clone();
    }

    private async Task<JsonElement> WaitForReplicaAsync(string service, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var replica = await ReplicaAsync(service);
            if (condition(replica))
            {
                return replica;
            }

            Assert.True(DateTime.UtcNow < deadline, $"replica of {service} not as expected within {Timeout}: {replica}");
            await Task.Delay(100);
        }
    }

    private async Task<string> RouterUrlAsync()
    {
        using var http = _session.Server.Client();
        return await WaitForAsync(async () => (await http.GetFromJsonAsync<JsonElement>("api/v1/health")).TryGetProperty("routerUrl", out var url) ? url.GetString() : null, "the router's address in /api/v1/health");
    }

    private static Task<T> WaitForAsync<T>(Func<T?> read, string what)
        where T : class => WaitForAsync(() => Task.FromResult(read()), what);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not within {Timeout}: {what}");
            await Task.Delay(50);
        }
    }
}
