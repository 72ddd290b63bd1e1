using System.Net.Sockets;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>The whole local lifecycle through the real CLI: deploy, run, reload, update, logs, delete.</summary>
public sealed class ServiceLifecycleTests : IAsyncLifetime
{
    private const string Script = """
        import json, os
        weights = None

        def init():
            global weights
            with open(os.path.join(os.environ["AZUREML_MODEL_DIR"], "weights.txt")) as f:
                weights = f.read().strip()
            print("loaded", weights)

        def run(raw):
            return {"script": "A", "weights": weights, "input": json.loads(raw)}
        """;

    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Lifecycle_DeployRunReloadUpdateLogsDelete_BehavesLikeThePlatform()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("v1/weights.txt", "one"));
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("v2/weights.txt", "two"));
        var app = ServiceApp.Write(_session.Files, "app", Script);

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m:1"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("running init()", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Healthy", deploy.StandardOutput, StringComparison.Ordinal);
        var uri = deploy.StandardOutput.Split('\n').Single(l => l.StartsWith("Scoring URI: ", StringComparison.Ordinal))["Scoring URI: ".Length..].Trim();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/score$", uri);

        var run = await _session.BerthAsync("service", "run", "svc", "--input-data", """{"x": 1}""");
        Assert.Equal("""{"script":"A","weights":"one","input":{"x":1}}""", Compact(run.StandardOutput));

        app.WriteScript(Script.Replace("\"A\"", "\"B\"", StringComparison.Ordinal));
        var reload = await _session.BerthAsync("service", "reload", "svc");
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Contains("\"script\":\"B\"", Compact((await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput), StringComparison.Ordinal);

        var update = await _session.BerthAsync("service", "update", "svc", "--model", "m:2");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Contains("\"weights\":\"two\"", Compact((await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput), StringComparison.Ordinal);

        var logs = await _session.BerthAsync("service", "logs", "svc", "--tail", "200");
        Assert.Matches(@"\[g\d+-r1\] .*Booting worker with pid: \d+", logs.StandardOutput);
        Assert.Contains("loaded two", logs.StandardOutput, StringComparison.Ordinal);

        var show = await _session.BerthAsync("service", "show", "svc", "-o", "json");
        using (var json = JsonDocument.Parse(show.StandardOutput))
        {
            Assert.Equal("Healthy", json.RootElement.GetProperty("state").GetString());
            Assert.Equal("m:2", json.RootElement.GetProperty("models")[0].GetString());
            Assert.Equal(uri, json.RootElement.GetProperty("scoringUri").GetString());
        }

        var delete = await _session.BerthAsync("service", "delete", "svc");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var gone = await _session.BerthAsync("service", "show", "svc");
        Assert.Equal(4, gone.ExitCode);
        Assert.Contains("error: no service named \"svc\" exists", gone.StandardError, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(new Uri(uri).Port));
    }

    [Fact]
    public async Task Deploy_ExistingName_IsRefusedUnlessOverwrite()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("v1/weights.txt", "one"));
        var app = ServiceApp.Write(_session.Files, "app", Script);
        await _session.BerthAsync(app.DeployArguments("svc", "m"));

        var again = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        var overwrite = await _session.BerthAsync([.. app.DeployArguments("svc", "m"), "--overwrite"]);

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("error: a service named \"svc\" already exists (Healthy)", again.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: pass --overwrite", again.StandardError, StringComparison.Ordinal);
        Assert.True(overwrite.ExitCode == 0, overwrite.ToString());
    }

    [Fact]
    public async Task DeleteModel_UsedByAService_IsRefusedNamingTheService()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("v1/weights.txt", "one"));
        var app = ServiceApp.Write(_session.Files, "app", Script);
        await _session.BerthAsync(app.DeployArguments("svc", "m:1"));

        var delete = await _session.BerthAsync("model", "delete", "m:1");

        Assert.NotEqual(0, delete.ExitCode);
        Assert.Contains("error: model m:1 is used by service svc", delete.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: delete or update service svc first", delete.StandardError, StringComparison.Ordinal);
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    private static async Task ConnectAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
    }
}
