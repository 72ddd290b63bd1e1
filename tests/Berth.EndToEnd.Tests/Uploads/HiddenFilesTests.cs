using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Uploads;

/// <summary>
/// Deploy, reload and register send the files: a CLI whose files the server cannot see (they exist only in the CLI's
/// own mount namespace, as on another machine) still deploys, reloads and registers, and the service outlives the files.
/// </summary>
public sealed class HiddenFilesTests : IAsyncLifetime
{
    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Deploy_FromFilesOnlyTheCliSees_ServesReloadsAndUpdatesAfterTheyAreGone()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
        var staged = ServiceApp.Write(_session.Files, "staged", Script("one"));
        _session.Files.WriteFile("staged/lib/helper.txt", "shipped with the source directory");
        var hidden = _session.Files.Combine("hidden");

        var deploy = await PrivateMount.BerthAsync(
            _session, hidden, staged.Directory,
            "service", "deploy", "--name", "svc", "--model", "m", "--ic", Path.Combine(hidden, "inferenceconfig.json"), "--dc", Path.Combine(hidden, "deploymentconfig.json"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(hidden));
        Assert.Equal("\"one: shipped with the source directory\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());

        staged.WriteScript(Script("two"));
        var reload = await PrivateMount.BerthAsync(_session, hidden, staged.Directory, "service", "reload", "svc");
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Equal("\"two: shipped with the source directory\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());

        // The files exist nowhere now; a new deployment config alone rolls out what was sent.
        var dc = _session.Files.WriteFile("dc2.json", """{"computeType": "local", "scoringTimeoutMs": 30000}""");
        var update = await _session.BerthAsync("service", "update", "svc", "--dc", dc);
        Assert.True(update.ExitCode == 0, update.ToString());
        var show = await _session.BerthAsync("service", "show", "svc");
        Assert.Equal("\"two: shipped with the source directory\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
        Assert.Contains($"{Path.Combine(hidden, "inferenceconfig.json")} (sent from the client", show.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_FromAFolderOnlyTheCliSees_StoresItsFiles()
    {
        _session.Files.WriteFile("staged-model/model/weights.bin", "w1");
        _session.Files.WriteFile("staged-model/model/sub/vocab.txt", "v");
        var hidden = _session.Files.Combine("hidden-model");

        var register = await PrivateMount.BerthAsync(_session, hidden, _session.Files.Combine("staged-model"), "model", "register", "--name", "m", "--path", Path.Combine(hidden, "model"));

        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.Equal("m:1", register.StandardOutput.Trim());
        Assert.Equal("w1", File.ReadAllText(_session.Home.Combine("models", "m", "1", "model", "weights.bin")));
        Assert.Equal("v", File.ReadAllText(_session.Home.Combine("models", "m", "1", "model", "sub", "vocab.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_session.Home.Combine("tmp"), "upload-*"));
    }

    private static string Script(string version) => $$"""
        import os

        def init():
            pass

        def run(raw):
            with open(os.path.join(os.path.dirname(__file__), "lib", "helper.txt")) as f:
                return "{{version}}: " + f.read()
        """;
}
