namespace Berth.Services;

/// <summary>Restart backoff settings; <see cref="Default"/> is Kubernetes' (10 s doubling to 5 min, reset after 10 min).</summary>
/// <param name="InitialDelay">The delay before the first restart.</param>
/// <param name="MaxDelay">The cap the doubling stops at.</param>
/// <param name="ResetAfter">A replica that ran this long before exiting starts over at <paramref name="InitialDelay"/>.</param>
public sealed record RestartBackoffOptions(TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan ResetAfter)
{
    /// <summary>10 s doubling to 5 min; reset after 10 min of running.</summary>
    public static RestartBackoffOptions Default { get; } =
        new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
}
