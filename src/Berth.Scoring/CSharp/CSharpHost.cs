using Berth.Scoring.Hosting;
using Berth.Scoring.Logging;
using Berth.Scoring.Options;

namespace Berth.Scoring.CSharp;

/// <summary>Runs score.cs compiled with Roslyn, in process.</summary>
internal sealed class CSharpHost : IEntryScriptHost
{
    public CSharpHost(ScoringOptions options, PlatformLog log, TimeProvider time)
    {
        _ = options; _ = log; _ = time;
    }

    public int Slots => 1;

    public bool HandlesOptions => false;

    public Task StartAsync(SlotQueue queue, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ScoreOutcome> ScoreAsync(int slot, ScoreRequest request) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
