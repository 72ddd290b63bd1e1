namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>A workspace folder, a real server over it, and a way to run the real <c>berth</c> CLI against it.</summary>
internal sealed class CliSession : IAsyncLifetime, IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _serverEnvironment;
    private BerthServer? _server;

    public CliSession(IReadOnlyDictionary<string, string>? serverEnvironment = null)
    {
        _serverEnvironment = serverEnvironment ?? new Dictionary<string, string>();
    }

    public TempFolder Home { get; } = new("berth-home");

    public TempFolder Files { get; } = new("berth-files");

    public BerthServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await BerthServer.StartAsync(Home.Path, _serverEnvironment);

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _server?.Dispose();
        DetachedProcesses.KillUnder(Home.Path);
        Home.Dispose();
        Files.Dispose();
    }

    /// <summary>Restarts the server over the same workspace (after <see cref="BerthServer.Kill"/>, say), at <paramref name="url"/> when given.</summary>
    public async Task RestartServerAsync(string url = "http://127.0.0.1:0")
    {
        _server?.Dispose();
        _server = await BerthServer.StartAsync(Home.Path, _serverEnvironment, url);
    }

    /// <summary>What the CLI needs to reach this session's server.</summary>
    public IReadOnlyDictionary<string, string> CliEnvironment =>
        new Dictionary<string, string> { ["BERTH_HOME"] = Home.Path, ["BERTH_URL"] = Server.Url, ["NO_COLOR"] = "1" };

    public Task<ProcessResult> BerthAsync(params string[] arguments) => ProcessRunner.RunAsync(Binaries.Cli, arguments, CliEnvironment);

    /// <summary>Runs the CLI, allowing it <paramref name="timeout"/> (deploys of several replicas on a loaded machine).</summary>
    public Task<ProcessResult> BerthAsync(TimeSpan timeout, params string[] arguments) => ProcessRunner.RunAsync(Binaries.Cli, arguments, CliEnvironment, timeout);

    /// <summary>Polls <c>berth service show -o json</c> until <paramref name="condition"/> holds, failing the test after 30 s.</summary>
    public Task WaitForServiceAsync(string service, Func<System.Text.Json.JsonElement, bool> condition) => WaitForServiceAsync(service, condition, TimeSpan.FromSeconds(30));

    public async Task WaitForServiceAsync(string service, Func<System.Text.Json.JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var json = System.Text.Json.JsonDocument.Parse((await BerthAsync("service", "show", service, "-o", "json")).StandardOutput);
            if (condition(json.RootElement))
            {
                return;
            }

            await Task.Delay(300);
        }

        Assert.Fail($"service {service} did not reach the expected state within {timeout.TotalSeconds:0} s");
    }

    /// <summary>Every file and folder under the workspace's models/ and tmp/ folders, for "nothing changed" checks.</summary>
    public IReadOnlyList<string> WorkspaceEntries() =>
        new[] { "models", "tmp" }
            .Select(d => Home.Combine(d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories))
            .Select(p => System.IO.Path.GetRelativePath(Home.Path, p))
            .Order(StringComparer.Ordinal)
            .ToList();
}
