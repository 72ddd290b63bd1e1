namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A session for provoking failures for real: pip's index is an empty local folder (it reaches an index that lacks
/// every package wherever the tests run; an unreachable index is a cause of its own), restarts back off after 300 ms,
/// and the model <c>m</c> is registered.
/// </summary>
internal sealed class OfflineIndexSession : IAsyncLifetime
{
    private readonly TempFolder _emptyIndex = new("berth-empty-index");

    /// <param name="serverEnvironment">More variables for the server.</param>
    public OfflineIndexSession(IReadOnlyDictionary<string, string>? serverEnvironment = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["BERTH_RESTART_INITIAL_DELAY_MS"] = "300",
            ["PIP_INDEX_URL"] = new Uri(_emptyIndex.Path).AbsoluteUri,
        };
        foreach (var (key, value) in serverEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        Session = new(environment);
    }

    public CliSession Session { get; }

    public async Task InitializeAsync()
    {
        await Session.InitializeAsync();
        await Session.BerthAsync("model", "register", "--name", "m", "--path", Session.Files.WriteFile("model/weights.txt", "w"));
    }

    public async Task DisposeAsync()
    {
        await Session.DisposeAsync();
        _emptyIndex.Dispose();
    }
}
