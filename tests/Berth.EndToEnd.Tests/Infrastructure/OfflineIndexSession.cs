namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A session for provoking failures for real: pip's index is an empty local folder (it reaches an index that lacks
/// every package wherever the tests run; an unreachable index is a cause of its own), restarts back off after 300 ms,
/// and the model <c>m</c> is registered.
/// </summary>
internal sealed class OfflineIndexSession : IAsyncLifetime
{
    private readonly TempFolder _emptyIndex = new("berth-empty-index");

    public OfflineIndexSession()
    {
        Session = new(new Dictionary<string, string>
        {
            ["BERTH_RESTART_INITIAL_DELAY_MS"] = "300",
            ["PIP_INDEX_URL"] = new Uri(_emptyIndex.Path).AbsoluteUri,
        });
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
