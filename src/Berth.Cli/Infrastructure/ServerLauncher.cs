using System.Diagnostics;
using System.Net;
using Berth.Client;
using Berth.Errors;
using Berth.Hosting;

namespace Berth.Cli.Infrastructure;

/// <summary>
/// Connects to the server at BERTH_URL and, when none answers on a loopback address, starts
/// <c>berth-server</c> in the background (detached, logging to <c>$BERTH_HOME/logs/server.log</c>) and says so. The
/// server writes the workspace token when it starts; the workspace reads it on its first call after that.
/// </summary>
internal static class ServerLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static async Task<Workspace> ConnectAsync(TextWriter stderr, CancellationToken cancellationToken)
    {
        var workspace = Workspace.Get();
        try
        {
            await workspace.GetInfoAsync(cancellationToken);
            return workspace;
        }
        catch (BerthException e) when (e.Code == ErrorCodes.ServerUnreachable && IsLoopback(workspace.Url))
        {
            var pid = await StartAsync(workspace, cancellationToken);
            stderr.WriteLine($"berth: no server answered at {workspace.Url}; started one in the background (pid {pid}, log {LogPath()})");
            return workspace;
        }
    }

    /// <summary>Runs the server in this process's place (for `berth server`), with its <c>--url</c>, <c>--tls-cert</c> and <c>--tls-key</c>.</summary>
    public static int RunForeground(IReadOnlyList<(string Name, string? Value)> options)
    {
        var start = new ProcessStartInfo(FindServerExecutable()) { UseShellExecute = false };
        foreach (var (name, value) in options.Where(o => o.Value is not null))
        {
            start.ArgumentList.Add(name);
            start.ArgumentList.Add(value!);
        }

        using var process = Process.Start(start)!;
        Console.CancelKeyPress += (_, e) => e.Cancel = true; // the child gets the same Ctrl+C and stops itself
        process.WaitForExit();
        return process.ExitCode;
    }

    private static async Task<int> StartAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var log = LogPath();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" >>\"$BERTH_SERVER_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("berth-server");
        start.ArgumentList.Add(FindServerExecutable());
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(workspace.Url.GetLeftPart(UriPartial.Authority));
        start.Environment["BERTH_SERVER_LOG"] = log;
        using var process = Process.Start(start)
            ?? throw new BerthException(ErrorCodes.ServerUnreachable, "could not start berth-server", "start it yourself with `berth server`");

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
            try
            {
                var info = await workspace.GetInfoAsync(cancellationToken);
                return info.Pid;
            }
            catch (BerthException e) when (e.Code == ErrorCodes.ServerUnreachable)
            {
                if (process.HasExited)
                {
                    throw StartFailed(workspace, log);
                }
            }
        }

        throw new BerthException(ErrorCodes.ServerUnreachable, $"a berth server was started but did not answer at {workspace.Url} within {StartTimeout.TotalSeconds:0} s", $"see its log: {log}");
    }

    private static BerthException StartFailed(Workspace workspace, string log)
    {
        var lines = File.Exists(log) ? File.ReadLines(log).TakeLast(20).ToList() : [];
        var error = lines.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal));
        var hint = lines.LastOrDefault(l => l.StartsWith("hint: ", StringComparison.Ordinal));
        return new BerthException(
            ErrorCodes.ServerUnreachable,
            $"no server answered at {workspace.Url}, and the one berth started stopped: {error?["error: ".Length..] ?? "see its log"}",
            hint?["hint: ".Length..] ?? $"see its log: {log}");
    }

    /// <summary>$BERTH_HOME/logs/server.log, or a file in /tmp when that folder cannot be made (the server then says why).</summary>
    private static string LogPath()
    {
        var home = BerthHome.Resolve();
        try
        {
            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            return Path.Combine(Directory.CreateDirectory(Path.Combine(home, "logs"), OwnerOnly).FullName, "server.log");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Path.Combine(Path.GetTempPath(), $"berth-server-{Environment.UserName}.log");
        }
    }

    private static string FindServerExecutable() =>
        SiblingExecutable.Find("BERTH_SERVER_EXE", "Berth.Server", "berth-server", ErrorCodes.ServerUnreachable);

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
}
