using System.Diagnostics;

namespace Berth.EndToEnd.Tests.Containers;

/// <summary>
/// The test side of the container target: the containers the server started for one workspace (its label
/// <c>berth.workspace</c>), found and removed with the <c>docker</c> CLI after each test, so a failing test leaves
/// nothing running. Only tests call the CLI; the server talks to the engine's API.
/// </summary>
internal static class DockerWorkspace
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The ids of the workspace's containers (running or not).</summary>
    public static async Task<IReadOnlyList<string>> ContainersAsync(string home) =>
        (await DockerAsync("ps", "-aq", "--filter", $"label=berth.workspace={home}")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Waits until the workspace has <paramref name="count"/> containers (an old generation stops after its requests drain), failing after 60 s.</summary>
    public static async Task<IReadOnlyList<string>> WaitForCountAsync(string home, int count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var containers = await ContainersAsync(home);
            if (containers.Count == count || DateTime.UtcNow > deadline)
            {
                Assert.True(containers.Count == count, $"the workspace has {containers.Count} containers, not {count}, after {Timeout.TotalSeconds:0} s");
                return containers;
            }

            await Task.Delay(200);
        }
    }

    public static async Task RemoveAllAsync(string home)
    {
        foreach (var id in await ContainersAsync(home))
        {
            await DockerAsync("rm", "-f", id);
        }
    }

    /// <summary>Runs <c>docker</c> and returns its standard output; fails the test with its error when it exits non-zero.</summary>
    public static async Task<string> DockerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {await error}");
        return await output;
    }
}
