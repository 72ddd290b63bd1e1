using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>
/// The source directory is laid out in the app root as the platform lays it out: under its own folder name, with the
/// working directory at the app root and AZUREML_SOURCE_DIRECTORY naming the folder, so the platform's samples that
/// open <c>./source_directory/extradata.json</c> and import helper modules beside the entry script work unchanged.
/// </summary>
public sealed class SourceDirectoryLayoutTests : IAsyncLifetime
{
    private const string Script = """
        import json, os
        import helpers

        extra = None

        def init():
            global extra
            with open("./source_directory/extradata.json") as f:
                extra = json.load(f)

        def run(data):
            return {"extra": extra["label"], "helper": helpers.shout("ok"), "source": os.environ["AZUREML_SOURCE_DIRECTORY"],
                    "cwd_is_app_root": os.getcwd() == os.environ["AML_APP_ROOT"]}
        """;

    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task ScriptOpeningItsSourceDirectoryByRelativePath_FindsItsFiles_AndAReloadRefreshesThem()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
        _session.Files.WriteFile("project/source_directory/x/y/score.py", Script);
        _session.Files.WriteFile("project/source_directory/x/y/helpers.py", "def shout(s):\n    return s.upper()\n");
        _session.Files.WriteFile("project/source_directory/extradata.json", """{"label": "first"}""");
        var ic = _session.Files.WriteFile("project/inferenceconfig.json", """{"entryScript": "x/y/score.py", "sourceDirectory": "./source_directory"}""");
        var dc = _session.Files.WriteFile("project/deploymentconfig.json", """{"computeType": "local"}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "svc", "--model", "m", "--ic", ic, "--dc", dc);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var run = await _session.BerthAsync("service", "run", "svc", "-d", "{}");
        Assert.Equal("""{"extra": "first", "helper": "OK", "source": "source_directory", "cwd_is_app_root": true}""", run.StandardOutput.Trim());

        _session.Files.WriteFile("project/source_directory/extradata.json", """{"label": "second"}""");
        var reload = await _session.BerthAsync("service", "reload", "svc");
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Contains("\"extra\": \"second\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput, StringComparison.Ordinal);
    }
}
