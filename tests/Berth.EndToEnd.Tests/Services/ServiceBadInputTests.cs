using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>Bad deploy input is refused before anything starts, with every problem named; wrong-state calls get the platform's message.</summary>
public sealed class ServiceBadInputTests : IAsyncLifetime
{
    private readonly CliSession _session = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/weights.txt", "w"));
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Deploy_WithUnknownModelMissingScriptAndBadConfig_ListsEveryProblemAndStartsNothing()
    {
        var app = ServiceApp.Write(_session.Files, "app", "def init(): pass\ndef run(d): return d\n", """{"computeType": "local", "port": 70000, "numReplica": 2}""");
        File.Delete(Path.Combine(app.Directory, "score.py"));

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m:9", "nothing"));
        var list = await _session.BerthAsync("service", "list", "-o", "json");

        Assert.Equal(5, deploy.ExitCode);
        Assert.Contains("problems found:", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("score.py", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("port", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("did you mean \"numReplicas\"?", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("model m has no version 9", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("no model named \"nothing\" is registered", deploy.StandardError, StringComparison.Ordinal);
        Assert.Equal("[]", list.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("show")]
    [InlineData("run")]
    [InlineData("logs")]
    [InlineData("reload")]
    [InlineData("delete")]
    [InlineData("diagnose")]
    public async Task Operation_OnAServiceThatDoesNotExist_Is404WithHint(string operation)
    {
        string[] arguments = operation == "run" ? ["service", "run", "ghost", "-d", "{}"] : ["service", operation, "ghost"];

        var result = await _session.BerthAsync(arguments);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("error: no service named \"ghost\" exists", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: see `berth service list`", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnAFailedService_IsRefusedWithThePlatformsMessage()
    {
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    raise RuntimeError('x')\n\ndef run(d):\n    return d\n");
        await _session.BerthAsync(app.DeployArguments("svc", "m"));

        var run = await _session.BerthAsync("service", "run", "svc", "-d", "{}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error: Cannot call run() when service is Failed.", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithABodyThatIsNotJson_PassesItThroughToTheScript()
    {
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    return 'got: ' + data\n");
        await _session.BerthAsync(app.DeployArguments("svc", "m"));

        var run = await _session.BerthAsync("service", "run", "svc", "-d", "this is not json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("\"got: this is not json\"", run.StandardOutput.Trim());
    }

    [Fact]
    public async Task KeyAuth_RefusesCallsWithoutAValidKey_AndRegeneratedKeysReplaceOldOnes()
    {
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    return 'secret'\n", """{"computeType": "local", "authEnabled": true}""");
        await _session.BerthAsync(app.DeployArguments("svc", "m"));
        using var json = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        var uri = json.RootElement.GetProperty("scoringUri").GetString()!;
        var keys = (await _session.BerthAsync("service", "keys", "svc")).StandardOutput.Split('\n');
        var primary = keys[0].Split(':', 2)[1].Trim();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var anonymous = await http.PostAsync(uri, new StringContent("{}"));
        var viaCli = await _session.BerthAsync("service", "run", "svc", "-d", "{}");
        var regen = await _session.BerthAsync("service", "regen-key", "svc", "--key", "Primary");
        using var withOldKey = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent("{}") };
        withOldKey.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", primary);
        var old = await http.SendAsync(withOldKey);

        Assert.Equal(401, (int)anonymous.StatusCode);
        Assert.Equal("\"secret\"", viaCli.StandardOutput.Trim());
        Assert.True(regen.ExitCode == 0, regen.ToString());
        Assert.Equal(401, (int)old.StatusCode);
        Assert.Equal("\"secret\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }
}
