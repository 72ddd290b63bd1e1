using System.Diagnostics;
using System.Text.Json;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>A real <c>berth-server</c> on 127.0.0.1 (a free port) over a workspace folder; killed on dispose.</summary>
internal sealed class BerthServer : IDisposable
{
    private readonly Process _process;

    private BerthServer(Process process, string home, string url)
    {
        _process = process;
        Home = home;
        Url = url;
    }

    public string Home { get; }

    public string Url { get; }

    public int Pid => _process.Id;

    public static async Task<BerthServer> StartAsync(string home, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = Path.Combine(home, "server.json");
        File.Delete(info);
        var start = new ProcessStartInfo(Binaries.Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["BERTH_HOME"] = home;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"berth-server exited with {process.ExitCode} before it answered");
            }

            if (TryReadUrl(info) is string url)
            {
                return new BerthServer(process, home, url);
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("berth-server did not publish its address within 30 s");
    }

    /// <summary>An HTTP client for the control-plane API (the one place that adds what every API call needs).</summary>
    public HttpClient CreateApiClient() => new() { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The most memory the server process has held (VmHWM), in bytes.</summary>
    public long PeakMemoryBytes()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Ends the server as a crash would (SIGKILL), without any cleanup.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string? TryReadUrl(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.GetProperty(nameof(Url)).GetString();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
