using System.Diagnostics;
using System.Text.Json;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>A real <c>berth-server</c> on 127.0.0.1 (a free port) over a workspace folder; killed on dispose.</summary>
internal sealed class BerthServer : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private BerthServer(Process process, string home, string url, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
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

    /// <param name="home">The workspace folder.</param>
    /// <param name="environment">Extra environment variables of the server.</param>
    /// <param name="url">The address to listen at; a free port by default.</param>
    public static async Task<BerthServer> StartAsync(string home, IReadOnlyDictionary<string, string>? environment = null, string url = "http://127.0.0.1:0")
    {
        var info = Path.Combine(home, "server.json");
        File.Delete(info);
        var start = new ProcessStartInfo(Binaries.Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(url);
        start.Environment["BERTH_HOME"] = home;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"berth-server exited with {process.ExitCode} before it answered");
            }

            if (TryReadUrl(info) is string published)
            {
                return new BerthServer(process, home, published, output);
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("berth-server did not publish its address within 30 s");
    }

    /// <summary>An HTTP client for the server's API (the one place that will add the credential when the API asks for one).</summary>
    public HttpClient Client() => ClientFor(Url);

    /// <summary>An HTTP client for a server's API at <paramref name="url"/> (one that may still be starting).</summary>
    public static HttpClient ClientFor(string url) => new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

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
