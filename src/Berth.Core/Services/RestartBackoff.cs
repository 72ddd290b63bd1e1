namespace Berth.Services;

/// <summary>
/// Exponential restart backoff for replicas, like Kubernetes' CrashLoopBackOff: 10 s, 20 s, 40 s, ... capped at 5 min,
/// back to 10 s once a replica ran for 10 min before it exited. Pure: times come from the caller's <see cref="TimeProvider"/>.
/// </summary>
public static class RestartBackoff
{
    /// <summary>
    /// The delay before restart number <paramref name="previousRestarts"/> + 1: <c>InitialDelay * 2^previousRestarts</c>,
    /// capped at <c>MaxDelay</c>.
    /// </summary>
    public static TimeSpan DelayFor(int previousRestarts, RestartBackoffOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(previousRestarts);
        var o = options ?? RestartBackoffOptions.Default;
        var delay = o.InitialDelay;
        for (var i = 0; i < previousRestarts && delay < o.MaxDelay; i++)
        {
            delay += delay;
        }

        return delay < o.MaxDelay ? delay : o.MaxDelay;
    }

    /// <summary>
    /// Plans the restart of a replica that started at <paramref name="startedAt"/> and exited at <paramref name="exitedAt"/>
    /// after <paramref name="previousRestarts"/> restarts. A replica that ran at least <c>ResetAfter</c> resets the count.
    /// </summary>
    public static RestartPlan Next(
        int previousRestarts, DateTimeOffset startedAt, DateTimeOffset exitedAt, RestartBackoffOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(previousRestarts);
        var o = options ?? RestartBackoffOptions.Default;
        var restarts = exitedAt - startedAt >= o.ResetAfter ? 0 : previousRestarts;
        var delay = DelayFor(restarts, o);
        return new RestartPlan(restarts + 1, delay, exitedAt + delay);
    }
}
