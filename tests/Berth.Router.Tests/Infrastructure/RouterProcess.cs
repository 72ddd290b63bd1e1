using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Berth.Router.Tests.Infrastructure;

/// <summary>
/// A real <c>berth-router</c> on 127.0.0.1 (a free port) over a state folder; killed on dispose. Like berth-server,
/// it writes the state folder's admin token before the router starts (unless one is there).
/// </summary>
internal sealed class RouterProcess : IDisposable
{
    private static readonly ConcurrentDictionary<string, string> TokensByAuthority = new(StringComparer.Ordinal);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private RouterProcess(Process process, ConcurrentQueue<string> output, string stateDirectory, string url)
    {
        _process = process;
        _output = output;
        StateDirectory = stateDirectory;
        Url = url;
    }

    public string StateDirectory { get; }

    public string Url { get; }

    public int Pid => _process.Id;

    /// <summary>The admin token in the state folder, for <c>Authorization: Bearer</c> on /admin/v1.</summary>
    public string AdminToken => ReadAdminToken(StateDirectory)!;

    /// <summary>Everything the router printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the router; with <paramref name="abandonOutput"/> its standard output pipe is closed once it listens, as when the process that started it dies.</summary>
    public static async Task<RouterProcess> StartAsync(string stateDirectory, bool abandonOutput = false, IReadOnlyList<string>? arguments = null)
    {
        var info = Path.Combine(stateDirectory, "router.json");
        File.Delete(info);
        if (ReadAdminToken(stateDirectory) is null)
        {
            WriteAdminToken(stateDirectory, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }

        var start = new ProcessStartInfo(Binaries.Router) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--state-dir");
        start.ArgumentList.Add(stateDirectory);
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => Collect(output, e.Data);
        process.BeginErrorReadLine();
        if (!abandonOutput)
        {
            process.OutputDataReceived += (_, e) => Collect(output, e.Data);
            process.BeginOutputReadLine();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"berth-router exited with {process.ExitCode} before it listened:\n{string.Join('\n', output)}");
            }

            if (TryReadUrl(info) is string url)
            {
                if (abandonOutput)
                {
                    process.StandardOutput.Close();
                }

                TokensByAuthority[new Uri(url).Authority] = ReadAdminToken(stateDirectory)!;
                return new RouterProcess(process, output, stateDirectory, url);
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("berth-router did not publish router.json within 30 s");
    }

    /// <summary>Ends the router as a crash would (SIGKILL), without any cleanup.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Asks the router to stop (SIGTERM) and returns its exit code once it has.</summary>
    public async Task<int> TerminateAsync()
    {
        var kill = new ProcessStartInfo("kill") { UseShellExecute = false };
        kill.ArgumentList.Add("-TERM");
        kill.ArgumentList.Add(Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var signal = Process.Start(kill)!)
        {
            await signal.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>The admin token of the router a test started at <paramref name="uri"/>'s address, if any.</summary>
    public static string? TokenFor(Uri uri) => TokensByAuthority.GetValueOrDefault(uri.Authority);

    public static string? ReadAdminToken(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "admin-token");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public static void WriteAdminToken(string stateDirectory, string token)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "admin-token");
        File.WriteAllText(path, token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static void Collect(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static string? TryReadUrl(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty("url").GetString();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
