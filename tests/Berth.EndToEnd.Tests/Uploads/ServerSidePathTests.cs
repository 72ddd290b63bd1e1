using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Uploads;

/// <summary>
/// The server-side path form (for large folders on the server's machine) reads only what the calling user may read,
/// and never the kernel's file systems. The caller is the owner of the client's socket, from the kernel's socket table.
/// </summary>
public sealed class ServerSidePathTests : IAsyncLifetime
{
    private const string Nobody = "65534";

    /// <summary>A client running as nobody: POST the JSON body to the URL (with a bearer token when one is given), print status and body.</summary>
    private const string Client = """
        import sys, urllib.request, urllib.error
        url, body = sys.argv[1], sys.argv[2].encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
        if len(sys.argv) > 3 and sys.argv[3]:
            request.add_header("Authorization", "Bearer " + sys.argv[3])
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                print(response.status); print(response.read().decode())
        except urllib.error.HTTPError as e:
            print(e.code); print(e.read().decode())
        """;

    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Register_ServerSidePath_ForACallerRunningAsNobody_RefusesWhatNobodyCannotReadAndTakesWhatItCan()
    {
        Assert.True(Environment.UserName == "root", "this test calls a root server as nobody and must run as root (as scripts/test.sh does)");
        var readable = _session.Files.WriteFile("public/model.bin", "public");
        File.SetUnixFileMode(_session.Files.Path, (UnixFileMode)0b111_101_101);

        var shadow = await AsNobodyAsync("api/v1/models", new { name = "stolen", path = "/etc/shadow" });
        var allowed = await AsNobodyAsync("api/v1/models", new { name = "public", path = readable });
        var list = await _session.BerthAsync("model", "list", "-o", "json");

        Assert.True(shadow.Status == 403, shadow.Body);
        Assert.Equal("model.path_not_readable", shadow.Problem.GetProperty("code").GetString());
        Assert.Equal("the model path /etc/shadow is not readable by the calling user (uid 65534)", shadow.Problem.GetProperty("detail").GetString());
        Assert.True(allowed.Status == 201, allowed.Body);
        Assert.DoesNotContain("\"stolen\"", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"public\"", list.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ServerSidePaths_ForACallerRunningAsNobody_RefusesAConfigOnlyRootMayRead()
    {
        Assert.True(Environment.UserName == "root", "this test calls a root server as nobody and must run as root (as scripts/test.sh does)");
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    pass\n\ndef run(d):\n    return d\n");
        File.SetUnixFileMode(_session.Files.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(app.InferenceConfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var deploy = await AsNobodyAsync("api/v1/services", new { name = "svc", models = new[] { "m" }, inferenceConfigPath = app.InferenceConfig, deploymentConfigPath = app.DeploymentConfig });

        Assert.True(deploy.Status == 403, deploy.Body);
        Assert.Equal("path.not_readable", deploy.Problem.GetProperty("code").GetString());
        Assert.Equal($"inference config {app.InferenceConfig} is not readable by the calling user (uid 65534)", deploy.Problem.GetProperty("detail").GetString());
        Assert.Equal("[]", (await _session.BerthAsync("service", "list", "-o", "json")).StandardOutput.Trim());
    }

    [Theory]
    [InlineData("/proc/self/environ", "/proc")]
    [InlineData("/sys/kernel", "/sys")]
    public async Task Register_ServerSidePath_InTheKernelsFileSystems_IsRefused(string path, string top)
    {
        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", path, "--server-side-path");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error: the model path {path} is in {top}, the kernel's own file system", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("\"m\"", (await _session.BerthAsync("model", "list", "-o", "json")).StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ServerSidePath_ThroughALinkIntoProc_IsRefused()
    {
        var link = _session.Files.Combine("env-link");
        File.CreateSymbolicLink(link, "/proc/self/environ");

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", link, "--server-side-path");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(it leads to /proc/", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAndDeploy_ServerSidePaths_OfTheCallersOwnFiles_Work()
    {
        _session.Files.WriteFile("big/part1.bin", "1");
        _session.Files.WriteFile("big/part2.bin", "2");
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    pass\n\ndef run(d):\n    return 'server-side'\n");

        var register = await _session.BerthAsync("model", "register", "--name", "big", "--path", _session.Files.Combine("big"), "--server-side-path");
        var deploy = await _session.BerthAsync([.. app.DeployArguments("svc", "big"), "--server-side-paths"]);
        var run = await _session.BerthAsync("service", "run", "svc", "-d", "{}");
        var reload = await _session.BerthAsync("service", "reload", "svc");
        using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);

        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal("\"server-side\"", run.StandardOutput.Trim());
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Equal("server-path", show.RootElement.GetProperty("configSource").GetString());
        Assert.Equal(app.InferenceConfig, show.RootElement.GetProperty("inferenceConfigPath").GetString());
    }

    private async Task<(int Status, string Body, JsonElement Problem)> AsNobodyAsync(string path, object body)
    {
        var tokenFile = _session.Home.Combine("token");
        var token = File.Exists(tokenFile) ? File.ReadAllText(tokenFile).Trim() : string.Empty;
        var result = await ProcessRunner.RunAsync(
            "setpriv",
            ["--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", "/usr/bin/python3", "-c", Client, _session.Server.Url + "/" + path, JsonSerializer.Serialize(body), token]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', 2);
        var status = int.Parse(lines[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(lines[1]);
        return (status, lines[1], document.RootElement.Clone());
    }
}
