using System.Net.Http.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Uploads;

/// <summary>
/// A file a user names that is not a regular file (/dev/zero, a FIFO) or is over its limit is refused at once, with
/// what is wrong and the file's name, by the CLI and by the server; nothing blocks and nothing grows.
/// </summary>
public sealed class UnsafeConfigFileTests : IAsyncLifetime
{
    private readonly CliSession _session = new();

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Theory]
    [InlineData("dev-zero")]
    [InlineData("fifo")]
    public async Task ConfigValidate_InferenceConfigThatIsNotARegularFile_FailsAtOnceSayingWhatItIs(string kind)
    {
        var (path, what) = await SpecialAsync(kind);

        var result = await _session.BerthAsync("config", "validate", "--ic", path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"inference config {path} is {what}, not a regular file", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev-zero")]
    [InlineData("fifo")]
    public async Task Deploy_InferenceConfigThatIsNotARegularFile_FailsAtTheCliSayingWhatItIs(string kind)
    {
        var (path, what) = await SpecialAsync(kind);
        var app = ServiceApp.Write(_session.Files, "app", "def init(): pass\ndef run(d): return d\n");

        var result = await _session.BerthAsync("service", "deploy", "--name", "svc", "--model", "m", "--ic", path, "--dc", app.DeploymentConfig);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error: inference config {path} is {what}, not a regular file", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: pass the path of a regular file", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev-zero", "is in /dev, the kernel's own file system")]
    [InlineData("fifo", "is a FIFO (named pipe), not a regular file")]
    public async Task Deploy_ServerSidePathThatIsNotARegularFile_IsRefusedByTheServerWithoutGrowing(string kind, string expected)
    {
        var (path, _) = await SpecialAsync(kind);
        var app = ServiceApp.Write(_session.Files, "app", "def init(): pass\ndef run(d): return d\n");
        using var http = _session.Server.CreateApiClient();

        using var response = await http.PostAsJsonAsync("api/v1/services", new { name = "svc", models = new[] { "m" }, inferenceConfigPath = path, deploymentConfigPath = app.DeploymentConfig });
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, body);
        Assert.Contains(path, body, StringComparison.Ordinal);
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.True(_session.Server.PeakMemoryBytes() < 1L << 30, $"the server grew to {_session.Server.PeakMemoryBytes() >> 20} MiB");
    }

    [Fact]
    public async Task Deploy_InferenceConfigOverTheLimit_IsRefusedNamingItsSizeAndTheLimit()
    {
        var app = ServiceApp.Write(_session.Files, "app", "def init(): pass\ndef run(d): return d\n");
        File.WriteAllText(app.InferenceConfig, """{"entryScript": "score.py", "sourceDirectory": "."}""" + new string(' ', 2 << 20));

        var cli = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        var server = await _session.BerthAsync([.. app.DeployArguments("svc", "m"), "--server-side-paths"]);

        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains($"error: inference config {app.InferenceConfig} is 2 MiB; config files are at most 1 MiB", cli.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains($"inference config {app.InferenceConfig} is 2 MiB; config files are at most 1 MiB", server.StandardError, StringComparison.Ordinal);
        Assert.Equal("[]", (await _session.BerthAsync("service", "list", "-o", "json")).StandardOutput.Trim());
    }

    [Fact]
    public async Task Run_InputDataFromAFifo_FailsAtOnceSayingWhatItIs()
    {
        var (fifo, _) = await SpecialAsync("fifo");

        var result = await _session.BerthAsync("service", "run", "svc", "-d", "@" + fifo);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error: input data file {fifo} is a FIFO (named pipe), not a regular file", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<(string Path, string What)> SpecialAsync(string kind)
    {
        if (kind == "dev-zero")
        {
            return ("/dev/zero", "a character device");
        }

        var fifo = _session.Files.Combine("inferenceconfig.json");
        var mkfifo = await ProcessRunner.RunAsync("mkfifo", [fifo]);
        Assert.True(mkfifo.ExitCode == 0, mkfifo.ToString());
        return (fifo, "a FIFO (named pipe)");
    }
}
