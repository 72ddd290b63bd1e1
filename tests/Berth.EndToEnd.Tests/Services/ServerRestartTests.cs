using System.Diagnostics;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>Serving survives the control plane: a killed server or router does not stop a service for long.</summary>
public sealed class ServerRestartTests : IAsyncLifetime
{
    private readonly CliSession _session = new();
    private string _uri = string.Empty;

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/weights.txt", "w"));
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    return 'ok'\n");
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        using var json = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        _uri = json.RootElement.GetProperty("scoringUri").GetString()!;
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task KilledServer_ServiceKeepsAnswering_AndARestartedServerShowsItHealthy()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _session.Server.Kill();

        var whileDown = await http.PostAsync(_uri, new StringContent("{}"));
        await _session.RestartServerAsync();
        var show = await _session.BerthAsync("service", "show", "svc", "-o", "json");
        var run = await _session.BerthAsync("service", "run", "svc", "-d", "{}");

        Assert.Equal(200, (int)whileDown.StatusCode);
        using var json = JsonDocument.Parse(show.StandardOutput);
        Assert.Equal("Healthy", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(_uri, json.RootElement.GetProperty("scoringUri").GetString());
        Assert.Equal("\"ok\"", run.StandardOutput.Trim());
    }

    [Fact]
    public async Task KilledRouter_IsRestarted_AndReopensTheFrontDoor()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var routerPid = DetachedProcesses.RecordedPids(_session.Home.Path).First();
        using (var router = Process.GetProcessById(routerPid))
        {
            router.Kill();
            await router.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage? response = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                response = await http.PostAsync(_uri, new StringContent("{}"));
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // The front door is closed until the router is back.
            }

            await Task.Delay(200);
        }

        Assert.NotNull(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEqual(routerPid, DetachedProcesses.RecordedPids(_session.Home.Path).First());
    }

    [Fact]
    public async Task KilledRouter_WhileTheServerIsDown_FrontDoorComesBackWithoutTheServer()
    {
        _session.Server.Kill();
        var routerPid = KillRouter();

        var answer = await PollFrontDoorAsync();

        Assert.Equal(200, answer);
        Assert.NotEqual(routerPid, DetachedProcesses.RecordedPids(_session.Home.Path).First());
    }

    [Fact]
    public async Task KilledRouter_WithTheServerUp_ShowSaysTheFrontDoorIsDown_UntilItIsBack()
    {
        // The router's supervisor is paused so that the router stays down long enough to be seen down.
        var supervisor = DetachedProcesses.SupervisorPid(_session.Home.Path).Single();
        await SignalAsync("-STOP", supervisor);
        try
        {
            KillRouter();
            var down = await PollShowAsync(s => s.GetProperty("frontDoorDownSince").ValueKind == JsonValueKind.String);
            var text = await _session.BerthAsync("service", "show", "svc");

            Assert.Equal("Unhealthy", down.GetProperty("state").GetString());
            Assert.Contains("front door down since", down.GetProperty("stateDetail").GetString(), StringComparison.Ordinal);
            Assert.Contains("Front door", text.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("down since", text.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await SignalAsync("-CONT", supervisor);
        }

        var back = await PollShowAsync(s => s.GetProperty("state").GetString() == "Healthy");

        Assert.Equal(JsonValueKind.Null, back.GetProperty("frontDoorDownSince").ValueKind);
        Assert.Equal(200, await PollFrontDoorAsync());
    }

    private int KillRouter()
    {
        var routerPid = DetachedProcesses.RecordedPids(_session.Home.Path).First();
        using var router = Process.GetProcessById(routerPid);
        router.Kill();
        router.WaitForExit(10_000);
        return routerPid;
    }

    /// <summary>Scores until the front door answers 200 (a refused connection while the router is down), for up to 30 s.</summary>
    private async Task<int> PollFrontDoorAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var status = 0;
        while (DateTime.UtcNow < deadline && status != 200)
        {
            try
            {
                using var response = await http.PostAsync(_uri, new StringContent("{}"));
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // The front door is closed until the router is back.
            }

            await Task.Delay(100);
        }

        return status;
    }

    private async Task<JsonElement> PollShowAsync(Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var show = await _session.BerthAsync("service", "show", "svc", "-o", "json");
            using var json = JsonDocument.Parse(show.StandardOutput);
            if (done(json.RootElement) || DateTime.UtcNow > deadline)
            {
                return json.RootElement.Clone();
            }

            await Task.Delay(200);
        }
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false };
        start.ArgumentList.Add(signal);
        start.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        await kill.WaitForExitAsync();
    }
}
