using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>Each diagnosis provoked for real: the deploy output or `berth service diagnose` names the cause and the remedy.</summary>
public sealed class DiagnosisEndToEndTests : IAsyncLifetime
{
    private readonly OfflineIndexSession _offline = new();

    private CliSession Session => _offline.Session;

    public Task InitializeAsync() => _offline.InitializeAsync();

    public Task DisposeAsync() => _offline.DisposeAsync();

    [Fact]
    public async Task InitRaises_DeployFailsFastWithInitFailed_ThenCrashLoopBackOff_AndReloadWithAFixRecovers()
    {
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    raise ValueError('no weights here')\n\ndef run(data):\n    return data\n");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("error: service svc is Failed.", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("cause: init_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("ValueError: no weights here", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("score.py, line 2", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("remedy: ", deploy.StandardError, StringComparison.Ordinal);
        await Session.WaitForServiceAsync("svc", s => s.GetProperty("stateDetail").GetString() == "CrashLoopBackOff");

        app.WriteScript("def init():\n    pass\n\ndef run(data):\n    return 'fixed'\n");
        var reload = await Session.BerthAsync("service", "reload", "svc");

        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Equal("\"fixed\"", (await Session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task ModelNotFound_SaysWhatWasLookedForAndWhatTheModelDirHolds()
    {
        var app = ServiceApp.Write(Session.Files, "app", "from azureml.core.model import Model\n\ndef init():\n    Model.get_model_path('other-model')\n\ndef run(data):\n    return data\n");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: model_not_found", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("other-model", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("weights.txt", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingModule_NamesTheModuleAndTheEnvironmentEntry()
    {
        var app = ServiceApp.Write(Session.Files, "app", "import torch\n\ndef init():\n    pass\n\ndef run(data):\n    return data\n");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: missing_package", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("torch", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickleFromAnotherLibraryVersion_IsDiagnosedAsVersionMismatch()
    {
        File.WriteAllBytes(Session.Files.Combine("pickled", "model.pkl").Also(p => Directory.CreateDirectory(Path.GetDirectoryName(p)!)), "csklearn.linear_model._ridge_v0\nRidge\n(tR."u8.ToArray());
        await Session.BerthAsync("model", "register", "--name", "old", "--path", Session.Files.Combine("pickled"));
        var app = ServiceApp.Write(Session.Files, "app", "import os, pickle\n\ndef init():\n    with open(os.path.join(os.environ['AZUREML_MODEL_DIR'], 'pickled', 'model.pkl'), 'rb') as f:\n        pickle.load(f)\n\ndef run(data):\n    return data\n");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "old"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: pickle_version_mismatch", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackageThatCannotBeInstalled_ShowsTheInstallersOwnMessage()
    {
        const string Conda = "name: env\ndependencies:\n  - python=3.11\n  - pip:\n      - berth-no-such-package==1.0\n";
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    return data\n", condaFile: Conda);

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: install_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("No matching distribution found for berth-no-such-package==1.0", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSharpCompileError_IsReportedWithFileLineAndColumn()
    {
        var app = ServiceApp.Write(Session.Files, "app", "public class Score\n{\n    public void Init() { var x = 1 }\n    public string Run(string input) => input;\n}\n", entryScript: "score.cs");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: compile_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"score\.cs\(3,\d+\): error CS1002", deploy.StandardError);
    }

    [Fact]
    public async Task PortTaken_DeployIsRefusedNamingTheProcessThatHoldsIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    return data\n", $$"""{"computeType": "local", "port": {{port}}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains($"port {port}", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: set \"port\" in deploymentconfig.json to a free port", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunRaises_CallerGets502WithoutTheTraceback_AndDiagnoseShowsRunFailed()
    {
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    raise KeyError('secret-detail')\n");
        await Session.BerthAsync(app.DeployArguments("svc", "m"));

        var run = await Session.BerthAsync("service", "run", "svc", "-d", "{}");
        var diagnose = await Session.BerthAsync("service", "diagnose", "svc");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Response Code: 502", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-detail", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("cause: run_failed", diagnose.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("secret-detail", diagnose.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunPastTheScoringTimeout_Gets504_AndDiagnoseShowsTimeout()
    {
        var app = ServiceApp.Write(Session.Files, "app", "import time\n\ndef init():\n    pass\n\ndef run(data):\n    time.sleep(3)\n    return data\n", """{"computeType": "local", "scoringTimeoutMs": 500}""");
        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var run = await Session.BerthAsync("service", "run", "svc", "-d", "{}");
        var diagnose = await Session.BerthAsync("service", "diagnose", "svc");

        Assert.Contains("Response Code: 504", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("cause: timeout", diagnose.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("scoringTimeoutMs", diagnose.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreRequestsThanReplicasCanTake_Get503WithRetryAfter_AndDiagnoseShowsOverloaded()
    {
        var app = ServiceApp.Write(Session.Files, "app", "import time\n\ndef init():\n    pass\n\ndef run(data):\n    time.sleep(0.5)\n    return data\n", """{"computeType": "local", "maxQueueWaitMs": 50}""");
        await Session.BerthAsync(app.DeployArguments("svc", "m"));
        var uri = await ScoringUriAsync("svc");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => http.PostAsync(uri, new StringContent("{}"))));
        var diagnose = await Session.BerthAsync("service", "diagnose", "svc");

        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.True(r.Headers.RetryAfter is not null, "503 without Retry-After"));
        Assert.Contains("cause: overloaded", diagnose.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<string> ScoringUriAsync(string service)
    {
        using var json = JsonDocument.Parse((await Session.BerthAsync("service", "show", service, "-o", "json")).StandardOutput);
        return json.RootElement.GetProperty("scoringUri").GetString()!;
    }

    private async Task<JsonElement> ShowAsync(string service)
    {
        using var json = JsonDocument.Parse((await Session.BerthAsync("service", "show", service, "-o", "json")).StandardOutput);
        return json.RootElement.Clone();
    }
}

internal static class ObjectExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
