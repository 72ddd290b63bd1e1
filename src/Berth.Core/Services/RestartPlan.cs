namespace Berth.Services;

/// <summary>When to restart a replica that exited.</summary>
/// <param name="Restarts">The restart count after this restart (1 for the first restart since a reset).</param>
/// <param name="Delay">How long after the exit the restart happens.</param>
/// <param name="RestartAt">The exit time plus <paramref name="Delay"/>.</param>
public sealed record RestartPlan(int Restarts, TimeSpan Delay, DateTimeOffset RestartAt)
{
    /// <summary>How long is left until <see cref="RestartAt"/> at <paramref name="now"/> (a <see cref="TimeProvider"/> reading); never negative.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now) => RestartAt > now ? RestartAt - now : TimeSpan.Zero;
}
