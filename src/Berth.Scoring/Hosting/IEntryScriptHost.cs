namespace Berth.Scoring.Hosting;

/// <summary>Runs one entry script: init() once at start, run() per request.</summary>
internal interface IEntryScriptHost : IAsyncDisposable
{
    /// <summary>How many run() calls may execute at once (the slots of the <see cref="SlotQueue"/>).</summary>
    int Slots { get; }

    /// <summary>True when OPTIONS requests go to run() (a @rawhttp Python run); otherwise they get an empty 200.</summary>
    bool HandlesOptions { get; }

    /// <summary>The input and output schemas of a decorated run() (<c>{"input": ..., "output": ...}</c>, JSON), known once started; else null.</summary>
    string? Schema { get; }

    /// <summary>Loads the script and calls init(). Throws <see cref="Berth.Errors.BerthException"/> with code
    /// <see cref="BootFailure.Code"/> when the script cannot be loaded or init() raises.</summary>
    Task StartAsync(SlotQueue queue, CancellationToken cancellationToken);

    /// <summary>Runs the request on <paramref name="slot"/>; the host releases the slot when it can take work again.</summary>
    Task<ScoreOutcome> ScoreAsync(int slot, ScoreRequest request);
}
