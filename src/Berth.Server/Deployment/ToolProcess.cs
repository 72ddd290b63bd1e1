using System.Diagnostics;

namespace Berth.Server.Deployment;

/// <summary>Runs a tool (python, pip, apt-cache) to its end and returns its exit code and output lines (stdout, then stderr).</summary>
internal static class ToolProcess
{
    /// <summary>Runs <paramref name="program"/>; kills it (and its children) when <paramref name="timeout"/> passes or the caller cancels.</summary>
    public static async Task<(int ExitCode, List<string> Output)> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var lines = (await stdout).Split('\n').Select(l => l.TrimEnd()).ToList();
        lines.AddRange((await stderr).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
        return (process.ExitCode, lines);
    }
}
