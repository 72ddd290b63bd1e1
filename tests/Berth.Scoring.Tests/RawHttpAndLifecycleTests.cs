using System.Net;
using System.Diagnostics;
using System.Text;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>@rawhttp scripts, and stopping the replica with SIGTERM.</summary>
public sealed class RawHttpAndLifecycleTests
{
    [Fact]
    public async Task RawHttpRun_GetsTheRequest_ForGetPostAndOptions()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("raw.py"));
        server.RequireListening();
        using var post = HttpTest.Post("/score", Encoding.UTF8.GetBytes("raw body"), "text/plain");
        post.Headers.Add("X-Test", "yes");
        using var posted = await server.Client.SendWithTimeoutAsync(post);
        var json = await posted.JsonAsync();
        Assert.Equal(("POST", "raw body", "yes"), (json.GetProperty("method").GetString(), json.GetProperty("body").GetString(), json.GetProperty("header").GetString()));

        using var got = await server.Client.GetWithTimeoutAsync("/score?q=1");
        Assert.Equal("1", (await got.JsonAsync()).GetProperty("args").GetProperty("q").GetString());

        using var options = await server.Client.SendWithTimeoutAsync(new HttpRequestMessage(HttpMethod.Options, "/score"));
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        await server.WaitForLineAsync(l => l.Contains("run() is decorated with @rawhttp", StringComparison.Ordinal), HttpTest.Timeout);
    }

    [Fact]
    public async Task SigTerm_StopsTheReplicaWithExit0_AndItsWorkers()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("echo.py"));
        server.RequireListening();
        var boot = await server.WaitForLineAsync(l => l.Contains("Booting worker with pid: ", StringComparison.Ordinal), HttpTest.Timeout);
        var workerPid = int.Parse(boot[(boot.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{workerPid}"));

        Assert.Equal(0, await SigTermAsync(server.Pid));
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (IsAlive(workerPid) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(IsAlive(workerPid), $"worker {workerPid} outlived the replica");
    }

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && !File.ReadAllText(stat).Contains(") Z ", StringComparison.Ordinal);
    }

    private static async Task<int> SigTermAsync(int pid)
    {
        var psi = new ProcessStartInfo("kill");
        psi.ArgumentList.Add("-TERM");
        psi.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(psi)!;
        await kill.WaitForExitAsync().WaitAsync(HttpTest.Timeout);
        return kill.ExitCode;
    }
}
