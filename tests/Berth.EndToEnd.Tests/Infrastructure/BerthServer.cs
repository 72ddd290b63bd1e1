using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real <c>berth-server</c> on 127.0.0.1 (a free port) over a workspace folder; killed on dispose. Tests call its
/// API through <see cref="CreateClient"/>, which sends the workspace token the way the CLI and SDK do.
/// </summary>
internal sealed class BerthServer : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors;

    private BerthServer(Process process, ConcurrentQueue<string> errors, string home, string url)
    {
        _process = process;
        _errors = errors;
        Home = home;
        Url = url;
    }

    public string Home { get; }

    public string Url { get; }

    public int Pid => _process.Id;

    /// <summary>The workspace token the server wrote ($BERTH_HOME/token).</summary>
    public string Token => File.ReadAllText(TokenPath).Trim();

    public string TokenPath => Path.Combine(Home, "token");

    /// <summary>What the server wrote on stderr so far.</summary>
    public string StandardError => string.Join('\n', _errors);

    /// <summary>Starts the server with <c>--url http://127.0.0.1:0</c>, or with <paramref name="arguments"/> when given.</summary>
    public static async Task<BerthServer> StartAsync(string home, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var info = Path.Combine(home, "server.json");
        if (Directory.Exists(home))
        {
            File.Delete(info);
        }
        var start = new ProcessStartInfo(Binaries.Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments ?? ["--url", "http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BERTH_HOME"] = home;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var errors = new ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"berth-server exited with {process.ExitCode} before it answered:\n{string.Join('\n', errors)}");
            }

            if (TryReadUrl(info) is string url)
            {
                return new BerthServer(process, errors, home, url);
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("berth-server did not publish its address within 30 s");
    }

    /// <summary>An HTTP client for the server's API: its address, and the workspace token on every request.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = new Uri(Url);
        client.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>An HTTP client for the control-plane API (kept for the upload tests; same as <see cref="CreateClient"/>).</summary>
    public HttpClient CreateApiClient() => CreateClient(TimeSpan.FromSeconds(60));

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
