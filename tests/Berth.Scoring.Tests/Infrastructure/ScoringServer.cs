using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>The real berth-scoring program as a child process on 127.0.0.1, port 0, with its stdout captured.</summary>
internal sealed partial class ScoringServer : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly string Home = Path.Combine(Path.GetTempPath(), "berth-scoring-tests-home");
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ScoringServer(Process process)
    {
        _process = process;
    }

    public Uri? BaseAddress { get; private set; }

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string Output => string.Join('\n', _lines);

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public int Pid => _process.Id;

    /// <summary>Starts berth-scoring (with no --entry_script when <paramref name="entryScript"/> is null) and waits until it listens or exits.</summary>
    public static async Task<ScoringServer> StartAsync(string? entryScript, IReadOnlyDictionary<string, string>? env = null, params string[] args)
    {
        var server = Launch(entryScript, env, args);
        server.BaseAddress = await server._listening.Task.WaitAsync(StartTimeout);
        if (server.BaseAddress is not null) server.Client.BaseAddress = server.BaseAddress;
        return server;
    }

    /// <summary>Starts berth-scoring without waiting for anything.</summary>
    public static ScoringServer Launch(string? entryScript, IReadOnlyDictionary<string, string>? env = null, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = entryScript is not null && Directory.Exists(Path.GetDirectoryName(entryScript)) ? Path.GetDirectoryName(entryScript)! : Path.GetTempPath(),
        };
        string[] script = entryScript is null ? [] : ["--entry_script", entryScript];
        foreach (var a in (string[])["exec", Paths.ScoringDll, .. script, "--port", "0", .. args]) psi.ArgumentList.Add(a);
        psi.Environment["BERTH_HOME"] = Home;
        psi.Environment["BERTH_PYTHON"] = PythonRequirement.Python;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new ScoringServer(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._listening.TrySetResult(null);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        var match = ListeningRegex().Match(line);
        if (match.Success) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>The server's base address; fails the test with the log when it did not start.</summary>
    public Uri RequireListening() => BaseAddress ?? throw new InvalidOperationException($"berth-scoring did not start:\n{Output}");

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Waits until a log line matches (lines are written asynchronously).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = _lines.FirstOrDefault(match);
            if (line is not null) return line;
            await Task.Delay(20);
        }

        throw new TimeoutException($"no matching log line within {timeout}; log:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Listening at: (http://\S+)")]
    private static partial Regex ListeningRegex();
}
