namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>One berth-scoring shared by the tests of a class (xunit runs them one after another).</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private ScoringServer? _server;

    internal ScoringServer Server => _server ?? throw new InvalidOperationException("not started");

    internal HttpClient Client => Server.Client;

    /// <summary>The entry script, or null for none (an ONNX model in the model directory or given with --onnx_model).</summary>
    protected abstract string? EntryScript { get; }

    protected virtual bool NeedsPython => EntryScript?.EndsWith(".py", StringComparison.Ordinal) == true;

    protected virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();

    protected virtual string[] Arguments => [];

    public virtual async Task InitializeAsync()
    {
        if (NeedsPython) PythonRequirement.Ensure();
        _server = await ScoringServer.StartAsync(EntryScript, Environment, Arguments);
        _server.RequireListening();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
