using System.Diagnostics;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a program to completion with a timeout, capturing its output.</summary>
internal static class ProcessRunner
{
    /// <summary>A guard against a hung command, not a measure of speed: a deploy that builds a virtualenv takes a minute on a loaded machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(240);

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout ?? DefaultTimeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
