namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs a command as another local user (nobody, uid 65534) with setpriv, to show what a second user of the machine
/// can and cannot do. setpriv needs root: the suite runs as root in CI, and these tests fail saying so otherwise.
/// </summary>
internal static class OtherUser
{
    public const int Nobody = 65534;

    public static Task<ProcessResult> RunAsync(params string[] command)
    {
        Assert.True(Environment.IsPrivilegedProcess, "this test runs commands as the user nobody with setpriv, which needs root: run the test suite as root (CI does)");
        return ProcessRunner.RunAsync("setpriv", [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", .. command]);
    }

    /// <summary>The HTTP status nobody gets from <c>curl</c> with <paramref name="arguments"/> (0 when nothing answered).</summary>
    public static async Task<int> CurlStatusAsync(params string[] arguments)
    {
        var result = await RunAsync(["curl", "-q", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30", .. arguments]);
        return int.TryParse(result.StandardOutput.Trim(), out var status) ? status : throw new InvalidOperationException("curl as nobody: " + result);
    }
}
