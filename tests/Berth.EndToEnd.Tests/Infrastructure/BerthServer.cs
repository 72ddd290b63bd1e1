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
    private readonly ConcurrentQueue<string> _output;

    private BerthServer(Process process, ConcurrentQueue<string> errors, ConcurrentQueue<string> output, string home, string url)
    {
        _process = process;
        _errors = errors;
        Home = home;
        Url = url;
        _output = output;
    }

    /// <summary>What the server printed so far (its log), stdout and stderr interleaved.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Home { get; }

    public string Url { get; }

    public int Pid => _process.Id;

    /// <summary>The workspace token the server wrote ($BERTH_HOME/token).</summary>
    public string Token => File.ReadAllText(TokenPath).Trim();

    public string TokenPath => Path.Combine(Home, "token");

    /// <summary>What the server wrote on stderr so far.</summary>
    public string StandardError => string.Join('\n', _errors);

    /// <summary>Starts the server at <paramref name="url"/>.</summary>
    public static Task<BerthServer> StartAsync(string home, IReadOnlyDictionary<string, string>? environment, string url) =>
        StartAsync(home, environment, ["--url", url]);

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
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
                output.Enqueue(e.Data);
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

            if (TryReadUrl(info) is string published)
            {
                return new BerthServer(process, errors, output, home, published);
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

    /// <summary>An HTTP client for the server's API (same as <see cref="CreateClient"/>).</summary>
    public HttpClient Client() => CreateClient(TimeSpan.FromSeconds(60));

    /// <summary>An HTTP client for the API of the server of workspace <paramref name="home"/> at <paramref name="url"/> (one that may still be starting): the token is read per request.</summary>
    public static HttpClient ClientFor(string url, string home) =>
        new(new TokenFileHandler(Path.Combine(home, "token"))) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Stops the server as an operator would (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
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
