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
    public async Task KilledRouter_IsRestartedByTheServer_AndReopensTheFrontDoor()
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
}
