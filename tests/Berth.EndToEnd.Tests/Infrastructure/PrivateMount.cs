namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the CLI in a mount namespace of its own, where <c>mountPoint</c> holds a copy of <c>source</c> that no other
/// process sees: the server finds the folder empty, as a server on another machine would. Needs root (unshare -m).
/// </summary>
internal static class PrivateMount
{
    private const string Script = """mount -t tmpfs berth-private "$1" && cp -a "$2/." "$1/" && shift 2 && exec "$@" """;

    public static async Task<ProcessResult> BerthAsync(CliSession session, string mountPoint, string source, params string[] arguments)
    {
        Directory.CreateDirectory(mountPoint);
        var result = await ProcessRunner.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "sh", "-c", Script, "sh", mountPoint, source, Binaries.Cli, .. arguments],
            session.CliEnvironment,
            TimeSpan.FromMinutes(3));
        Assert.False(result.StandardError.Contains("unshare:", StringComparison.Ordinal) || result.StandardError.Contains("mount:", StringComparison.Ordinal),
            "these tests hide the CLI's files from the server in a mount namespace and need root (unshare -m): " + result);
        return result;
    }
}
