using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Autoscaling;

/// <summary>Autoscaling on this machine: real replicas added under load and drained after it, through the real CLI, server and router.</summary>
public sealed class AutoscaleTests : IAsyncLifetime
{
    /// <summary>A run() of 100 ms: 6 clients back to back keep 6 requests in the system, which 1 replica at 70 % cannot take.</summary>
    private const string Slow = "import time\n\ndef init():\n    pass\n\ndef run(data):\n    time.sleep(0.1)\n    return data\n";

    private readonly CliSession _session = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/weights.txt", "w"));
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task LoadAboveTheTarget_AddsReplicasUpToTheMaximum_SaysWhy_AndTheyAreDrainedWhenTheLoadIsGone()
    {
        var app = ServiceApp.Write(_session.Files, "app", Slow,
            """{"computeType": "local", "autoScaler": {"autoscaleEnabled": true, "minReplicas": 1, "maxReplicas": 3, "refreshPeriodInSeconds": 1}}""");
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Single(await ReadyReplicasAsync());
        var uri = await ScoringUriAsync();

        using var load = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 6).Select(_ => SequentialLoad.RunAsync(uri, load.Token)).ToList();
        try
        {
            await _session.WaitForServiceAsync("svc", s => Ready(s) == 3, TimeSpan.FromSeconds(90));
        }
        finally
        {
            await load.CancelAsync();
            await Task.WhenAll(clients);
        }

        var show = await _session.BerthAsync("service", "show", "svc");
        Assert.Contains("Autoscale:", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("min 1, max 3, target 70%", show.StandardOutput, StringComparison.Ordinal);
        var events = File.ReadAllText(_session.Home.Combine("services/svc/events.log"));
        Assert.Matches(@"utilization \d+\.\d\d over 1 replica > 0\.70: scaling to [23]", events);
        var served = clients.Sum(c => c.Result.Ok);
        Assert.True(served > 0, "no request was served under load");

        // No load: after the 60 s window agrees, the service goes back to its minimum, draining the added replicas.
        await _session.WaitForServiceAsync("svc", s => Ready(s) == 1 && s.GetProperty("replicas").GetArrayLength() == 1, TimeSpan.FromSeconds(150));
        events = File.ReadAllText(_session.Home.Combine("services/svc/events.log"));
        Assert.Contains("the highest need over the last 60 s is 1 replica", events, StringComparison.Ordinal);
        Assert.Contains("draining g1-r", events, StringComparison.Ordinal);
        Assert.Equal("\"still-here\"", (await _session.BerthAsync("service", "run", "svc", "-d", "still-here")).StandardOutput.Trim());
    }

    [Fact]
    public async Task AutoscaleFieldsWithoutAutoscaleEnabled_AreRefusedWithThePlatformsMessage_AndNothingIsDeployed()
    {
        var app = ServiceApp.Write(_session.Files, "app", Slow, """{"computeType": "local", "autoScaler": {"maxReplicas": 3}}""");

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("autoscale_max_replicas provided without enabling autoscaling", deploy.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, (await _session.BerthAsync("service", "show", "svc")).ExitCode);
    }

    [Fact]
    public async Task LoadBeyondTheMaximum_Gets503s_AndTheDiagnosisSaysAutoscaleIsAtItsMaximum_WithTheReplicasTheLoadNeeded()
    {
        var app = ServiceApp.Write(_session.Files, "app", Slow,
            """{"computeType": "local", "maxQueueWaitMs": 200, "autoScaler": {"autoscaleEnabled": true, "minReplicas": 1, "maxReplicas": 1}}""");
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var uri = await ScoringUriAsync();

        using var load = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 8).Select(_ => SequentialLoad.RunAsync(uri, load.Token)).ToList();
        try
        {
            // The autoscaler has looked at the load once it says it is at its maximum.
            await _session.WaitForServiceAsync("svc", s => s.GetProperty("autoscale").GetProperty("atMaximum").GetBoolean(), TimeSpan.FromSeconds(60));
        }
        finally
        {
            await load.CancelAsync();
            await Task.WhenAll(clients);
        }

        Assert.Contains(clients.SelectMany(c => c.Result.Failed), f => f == "503");
        var diagnose = (await _session.BerthAsync("service", "diagnose", "svc")).StandardOutput;
        Assert.Contains("overloaded", diagnose, StringComparison.Ordinal);
        Assert.True(diagnose.Contains("autoscale is at its maximum", StringComparison.Ordinal), diagnose);
        Assert.Matches(@"requests/s of \d+(\.\d+)? ?ms each, \d+ replicas are needed", diagnose);
        Assert.Contains("Set \"autoScaler.maxReplicas\" in deploymentconfig.json to at least ", diagnose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMaximumThisMachineCannotHold_IsRefusedAtDeploy_NamingHowManyFit()
    {
        var app = ServiceApp.Write(_session.Files, "app", Slow,
            """{"computeType": "local", "containerResourceRequirements": {"memoryInGB": 64}, "autoScaler": {"autoscaleEnabled": true, "maxReplicas": 100}}""");

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(5, deploy.ExitCode);
        Assert.Contains("autoScaler.maxReplicas: up to 100 replicas do not fit on this machine: at most ", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: lower \"autoScaler.maxReplicas\" in deploymentconfig.json to ", deploy.StandardError, StringComparison.Ordinal);
        Assert.Equal("[]", (await _session.BerthAsync("service", "list", "-o", "json")).StandardOutput.Trim());
    }

    private static int Ready(JsonElement service) =>
        service.GetProperty("replicas").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "Ready");

    private async Task<List<JsonElement>> ReadyReplicasAsync()
    {
        using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        return [.. show.RootElement.GetProperty("replicas").EnumerateArray().Where(r => r.GetProperty("status").GetString() == "Ready").Select(r => r.Clone())];
    }

    private async Task<string> ScoringUriAsync()
    {
        using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        return show.RootElement.GetProperty("scoringUri").GetString()!;
    }
}
