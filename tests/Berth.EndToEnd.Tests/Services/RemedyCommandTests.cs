using System.Text.RegularExpressions;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>
/// Every command a diagnosis prints as its remedy works when typed: each failure is provoked for real, the user's fix
/// is made, and every <c>`berth ...`</c> command in `berth service diagnose` is run as printed (from another folder
/// than the configs', as a user in any shell would) and must succeed and make the service serve.
/// </summary>
public sealed partial class RemedyCommandTests : IAsyncLifetime
{
    private readonly OfflineIndexSession _offline = new();

    private CliSession Session => _offline.Session;

    public Task InitializeAsync() => _offline.InitializeAsync();

    public Task DisposeAsync() => _offline.DisposeAsync();

    [Fact]
    public async Task InitFailed_LogsAndReload_RunAsPrinted()
    {
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    raise ValueError('no weights here')\n\ndef run(data):\n    return data\n");
        Assert.Equal(6, (await Session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);

        var remedies = await RemediesAsync("svc", "init_failed");
        app.WriteScript("def init():\n    pass\n\ndef run(data):\n    return 'fixed'\n");

        await RunAllAsync(remedies, "berth service reload svc");
        Assert.Equal("\"fixed\"", (await Session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task MissingPackage_UpdateWithTheInferenceConfig_RunsAsPrinted()
    {
        var app = ServiceApp.Write(Session.Files, "app", "import berth_no_such_module\n\ndef init():\n    pass\n\ndef run(data):\n    return data\n");
        Assert.Equal(6, (await Session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);

        var remedies = await RemediesAsync("svc", "missing_package");
        app.WriteScript("def init():\n    pass\n\ndef run(data):\n    return 'fixed'\n");

        await RunAllAsync(remedies, $"berth service update svc --ic {app.InferenceConfig}");
        Assert.Equal("\"fixed\"", (await Session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task ScoringTimeout_UpdateWithTheDeploymentConfig_RunsAsPrinted()
    {
        var app = ServiceApp.Write(
            Session.Files, "app", "import time\n\ndef init():\n    pass\n\ndef run(data):\n    time.sleep(3)\n    return 'slow'\n",
            """{"computeType": "local", "scoringTimeoutMs": 1000}""");
        Assert.Equal(0, (await Session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);
        Assert.NotEqual(0, (await Session.BerthAsync("service", "run", "svc", "-d", "{}")).ExitCode); // 504

        var remedies = await RemediesAsync("svc", "timeout");
        File.WriteAllText(app.DeploymentConfig, """{"computeType": "local", "scoringTimeoutMs": 20000}""");

        await RunAllAsync(remedies, $"berth service update svc --dc {app.DeploymentConfig}");
        Assert.Equal("\"slow\"", (await Session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task ModelNotFound_UpdateWithTheModel_RunsAsPrinted()
    {
        var app = ServiceApp.Write(Session.Files, "app", "from azureml.core.model import Model\n\ndef init():\n    Model.get_model_path('other')\n\ndef run(data):\n    return 'found'\n");
        Assert.Equal(6, (await Session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);

        var remedies = await RemediesAsync("svc", "model_not_found");
        await Session.BerthAsync("model", "register", "--name", "other", "--path", Session.Files.WriteFile("other/w.txt", "o"));

        await RunAllAsync(remedies, "berth service update svc --model other");
        Assert.Equal("\"found\"", (await Session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    /// <summary>The commands in the diagnosis of <paramref name="service"/>, which must name <paramref name="code"/>.</summary>
    private async Task<List<string>> RemediesAsync(string service, string code)
    {
        var diagnose = await Session.BerthAsync("service", "diagnose", service);
        Assert.Contains(code, diagnose.StandardOutput + diagnose.StandardError, StringComparison.Ordinal);
        return Command().Matches(diagnose.StandardOutput + diagnose.StandardError)
            .Select(m => m.Groups[1].Value)
            .Where(c => !c.Contains("...", StringComparison.Ordinal)) // a template, not a command
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Runs every remedy command as printed; the one that applies the fix must be among them.</summary>
    private async Task RunAllAsync(List<string> commands, string fix)
    {
        Assert.Contains(fix, commands);
        foreach (var command in commands)
        {
            var result = await Session.BerthAsync(ShellWords(command)[1..]);
            Assert.True(result.ExitCode == 0, $"`{command}` as printed:\n{result}");
        }
    }

    /// <summary>Splits a command line as a POSIX shell does for plain words and single-quoted ones.</summary>
    private static string[] ShellWords(string command) =>
        Word().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("'\\''", "'", StringComparison.Ordinal) : m.Value).ToArray();

    [GeneratedRegex("`(berth [^`]+)`")]
    private static partial Regex Command();

    [GeneratedRegex(@"'((?:[^']|'\\'')*)'|\S+")]
    private static partial Regex Word();
}
