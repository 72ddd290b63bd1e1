using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary>One server per workspace, a writable workspace, the CLI starting a server, and crash recovery.</summary>
public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task SecondServer_OnTheSameWorkspace_IsRefusedNamingTheFirstOnesAddress()
    {
        using var session = new CliSession();
        await session.InitializeAsync();

        var second = await ProcessRunner.RunAsync(Binaries.Server, ["--url", "http://127.0.0.1:0"], new Dictionary<string, string> { ["BERTH_HOME"] = session.Home.Path });

        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"error: the workspace {session.Home.Path} is already served by the Berth server at {session.Server.Url} (pid {session.Server.Pid})", second.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: ", second.StandardError, StringComparison.Ordinal);
        var list = await session.BerthAsync("model", "list", "-o", "json");
        Assert.Equal(0, list.ExitCode);
    }

    [Fact]
    public async Task Server_OnAWorkspaceThatCannotBeWritten_ExitsSayingWhy()
    {
        // Even root cannot create folders under /proc.
        var home = $"/proc/berth-{Guid.NewGuid():N}";

        var result = await ProcessRunner.RunAsync(Binaries.Server, ["--url", "http://127.0.0.1:0"], new Dictionary<string, string> { ["BERTH_HOME"] = home });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: the workspace folder {home} is not writable", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: set BERTH_HOME to a folder you can write to", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_OnAPortAnotherProgramHolds_ExitsSayingSoWithoutAStackTrace()
    {
        using var home = new TempFolder("berth-home");
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var result = await ProcessRunner.RunAsync(Binaries.Server, ["--url", $"http://127.0.0.1:{port}"], new Dictionary<string, string> { ["BERTH_HOME"] = home.Path });

        DetachedProcesses.KillUnder(home.Path); // the router, started before the API's port was tried, outlives the server by design
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: http://127.0.0.1:{port}/ is already in use by another program", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: stop that program, or run the server on another port", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WithAnUnwritableWorkspaceAndNoServer_ReportsTheServersReason()
    {
        var env = new Dictionary<string, string> { ["BERTH_HOME"] = $"/proc/berth-{Guid.NewGuid():N}", ["BERTH_URL"] = $"http://127.0.0.1:{FreePort.Next()}" };

        var result = await ProcessRunner.RunAsync(Binaries.Cli, ["model", "list"], env);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("is not writable", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: set BERTH_HOME to a folder you can write to", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WhenNoServerAnswers_StartsOneInTheBackgroundAndSaysSo()
    {
        using var home = new TempFolder("berth-home");
        var env = new Dictionary<string, string> { ["BERTH_HOME"] = home.Path, ["BERTH_URL"] = $"http://127.0.0.1:{FreePort.Next()}" };
        try
        {
            var first = await ProcessRunner.RunAsync(Binaries.Cli, ["model", "list", "-o", "json"], env);
            var second = await ProcessRunner.RunAsync(Binaries.Cli, ["model", "list", "-o", "json"], env);

            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.Contains($"berth: no server answered at {env["BERTH_URL"]}/; started one in the background", first.StandardError, StringComparison.Ordinal);
            Assert.Equal("[]", first.StandardOutput.Trim());
            Assert.Equal(string.Empty, second.StandardError);
        }
        finally
        {
            StopServerOf(home);
        }
    }

    [Fact]
    public async Task Registration_KilledWhileCopying_LeavesNoTraceAfterRestart()
    {
        using var session = new CliSession();
        await session.InitializeAsync();
        var folder = session.Files.Combine("big");
        Directory.CreateDirectory(folder);
        var chunk = new byte[4 << 20];
        Random.Shared.NextBytes(chunk);
        for (var i = 0; i < 60; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, $"part{i:D3}.bin"), chunk);
        }

        using var http = session.Server.CreateClient(Timeout.InfiniteTimeSpan);
        var registration = http.PostAsJsonAsync("api/v1/models", new { name = "big", path = folder });
        var staging = session.Home.Combine("tmp");
        await WaitUntilAsync(() => Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Any(), TimeSpan.FromSeconds(30));
        session.Server.Kill();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => registration);

        await session.RestartServerAsync();

        Assert.Empty(session.WorkspaceEntries());
        Assert.Equal("[]", (await session.BerthAsync("model", "list", "-o", "json")).StandardOutput.Trim());
        var again = await session.BerthAsync("model", "register", "--name", "big", "--path", folder);
        Assert.Equal("big:1", again.StandardOutput.Trim());
    }

    [Fact]
    public async Task VersionFolder_WithoutDatabaseRecord_IsRemovedWhenTheServerStarts()
    {
        using var session = new CliSession();
        await session.InitializeAsync();
        var file = session.Files.WriteFile("m.bin", "x");
        await session.BerthAsync("model", "register", "--name", "kept", "--path", file);
        session.Server.Kill();
        // What a crash between moving the files into place and committing the record leaves behind.
        Directory.CreateDirectory(session.Home.Combine("models", "ghost", "1"));
        File.WriteAllText(session.Home.Combine("models", "ghost", "1", "m.bin"), "x");

        await session.RestartServerAsync();

        Assert.Equal(["models/kept", "models/kept/1", "models/kept/1/m.bin"], session.WorkspaceEntries());
    }

    [Fact]
    public async Task ConcurrentRegistrations_OfOneName_GetDistinctConsecutiveVersionsWithTheirOwnFiles()
    {
        using var session = new CliSession();
        await session.InitializeAsync();
        var files = Enumerable.Range(0, 4).Select(i => session.Files.WriteFile($"f{i}/model.txt", $"content {i}")).ToList();

        var results = await Task.WhenAll(files.Select(f => session.BerthAsync("model", "register", "--name", "same", "--path", f)));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(["same:1", "same:2", "same:3", "same:4"], results.Select(r => r.StandardOutput.Trim()).Order());
        for (var i = 0; i < files.Count; i++)
        {
            var version = results[i].StandardOutput.Trim().Split(':')[1];
            Assert.Equal($"content {i}", File.ReadAllText(session.Home.Combine("models", "same", version, "model.txt")));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, $"condition not met within {timeout}");
            await Task.Delay(5);
        }
    }

    private static void StopServerOf(TempFolder home)
    {
        var info = home.Combine("server.json");
        if (File.Exists(info))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(info));
            using var process = Process.GetProcessById(json.RootElement.GetProperty("Pid").GetInt32());
            process.Kill();
            process.WaitForExit(10_000);
        }

        // The router the server started before it answered outlives it by design.
        DetachedProcesses.KillUnder(home.Path);
    }
}
