using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>A failed update or reload is explained from the generation that failed, and prints only its own steps.</summary>
public sealed class FailedGenerationTests : IAsyncLifetime
{
    private const string Healthy = "def init():\n    pass\n\ndef run(data):\n    return 'first generation'\n";
    private readonly TempFolder _emptyIndex = new("berth-empty-index");
    private readonly CliSession _session;

    public FailedGenerationTests() =>
        _session = new(new Dictionary<string, string> { ["BERTH_RESTART_INITIAL_DELAY_MS"] = "300", ["PIP_INDEX_URL"] = new Uri(_emptyIndex.Path).AbsoluteUri });

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/weights.txt", "w"));
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        _emptyIndex.Dispose();
    }

    [Fact]
    public async Task ReloadIntoAFailingInit_OfAHealthyService_SaysItsOwnError_AndTheOldGenerationServesOn()
    {
        var app = ServiceApp.Write(_session.Files, "app", Healthy);
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        app.WriteScript("def init():\n    raise ValueError('the reload broke init')\n\ndef run(data):\n    return 'second'\n");
        var reload = await _session.BerthAsync("service", "reload", "svc");

        Assert.Equal(6, reload.ExitCode);
        Assert.Contains("cause: init_failed", reload.StandardError, StringComparison.Ordinal);
        Assert.Contains("ValueError: the reload broke init", reload.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("validated: models", reload.StandardOutput, StringComparison.Ordinal); // the deploy's steps are not repeated
        Assert.Contains("reloading score.py", reload.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("\"first generation\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
        Assert.Contains("the reload broke init", (await _session.BerthAsync("service", "logs", "svc")).StandardOutput, StringComparison.Ordinal);
        var diagnose = await _session.BerthAsync("service", "diagnose", "svc", "-o", "json");
        Assert.DoesNotContain("init_failed", diagnose.StandardOutput, StringComparison.Ordinal); // that generation no longer runs
    }

    [Fact]
    public async Task UpdateOfAFailedService_IsDiagnosedFromTheNewGeneration_NotTheFirst()
    {
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    raise KeyError('first generation error')\n\ndef run(data):\n    return data\n");
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("first generation error", deploy.StandardError, StringComparison.Ordinal);

        app.WriteScript("def init():\n    raise RuntimeError('second generation error')\n\ndef run(data):\n    return data\n");
        var update = await _session.BerthAsync("service", "update", "svc", "--ic", app.InferenceConfig);

        Assert.Equal(6, update.ExitCode);
        Assert.Contains("RuntimeError: second generation error", update.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("first generation error", update.StandardError + update.StandardOutput, StringComparison.Ordinal);
        var diagnose = await _session.BerthAsync("service", "diagnose", "svc", "-o", "json");
        Assert.Contains("second generation error", diagnose.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("first generation error", diagnose.StandardOutput, StringComparison.Ordinal);
        using var shown = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        Assert.All(shown.RootElement.GetProperty("replicas").EnumerateArray(), r => Assert.StartsWith("g2-", r.GetProperty("id").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateWithOnlyTheInferenceConfig_AfterAFailedEnvironment_KeepsTheModels()
    {
        // The remedy the rules print: `berth service update S --ic inferenceconfig.json`, with no --model.
        const string Conda = "name: env\ndependencies:\n  - python=3.11\n  - pip:\n      - berth-no-such-package==1.0\n";
        var broken = ServiceApp.Write(_session.Files, "broken", Healthy, condaFile: Conda);
        var deploy = await _session.BerthAsync(broken.DeployArguments("svc", "m"));
        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: install_failed", deploy.StandardError, StringComparison.Ordinal);

        var fixedApp = ServiceApp.Write(_session.Files, "fixed", Healthy);
        var update = await _session.BerthAsync("service", "update", "svc", "--ic", fixedApp.InferenceConfig);

        Assert.True(update.ExitCode == 0, update.ToString());
        using var shown = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        Assert.Equal("m:1", shown.RootElement.GetProperty("models")[0].GetString());
        Assert.Equal("\"first generation\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task DockerSettingsOnTheLocalTarget_AreReportedAsNotApplying_AndTheDeployGoesOn()
    {
        var app = ServiceApp.Write(_session.Files, "docker-app", Healthy);
        File.WriteAllText(app.InferenceConfig, """{"entryScript": "score.py", "sourceDirectory": ".", "baseImage": "mcr.microsoft.com/azureml/base:latest", "enableGpu": true}""");

        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("warning: the Docker settings baseImage (mcr.microsoft.com/azureml/base:latest), enableGpu do not apply to computeType local", deploy.StandardOutput, StringComparison.Ordinal);
    }
}
