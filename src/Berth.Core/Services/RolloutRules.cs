namespace Berth.Services;

/// <summary>What a rollout waits on: the new generation's replicas, their crash-loop verdict and whether the failure is certain.</summary>
public sealed record RolloutInput
{
    /// <summary>How many replicas the generation has.</summary>
    public int Desired { get; init; }

    /// <summary>How many of them are ready.</summary>
    public int Ready { get; init; }

    /// <summary>The diagnoses make the failure certain (<c>DeploymentFailure.IsCertain</c>): init() raised, a missing package, a compile error...</summary>
    public bool FailureCertain { get; init; }

    /// <summary>The crash-loop verdict over the generation's replica events.</summary>
    public CrashLoopStatus CrashLoop { get; init; } = CrashLoopStatus.None;

    /// <summary>The most workers the kernel's OOM killer ended in one of the generation's replicas that is not ready yet.</summary>
    public long WorkerOomKills { get; init; }

    /// <summary>How long the cluster's scheduler has left one of the replicas unplaced; null when all are placed.</summary>
    public TimeSpan? UnschedulableFor { get; init; }

    /// <summary>How long the scheduler may leave a replica unplaced (the platform's 5 minutes).</summary>
    public TimeSpan SchedulingTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Now, from the caller's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>When the rollout gives up waiting for readiness.</summary>
    public DateTimeOffset Deadline { get; init; }
}

/// <summary>How a rollout stands.</summary>
public enum RolloutVerdict
{
    /// <summary>Still waiting: replicas start, or restart after an exit whose cause may pass (an OOM under load, a kill).</summary>
    Waiting,

    /// <summary>Every replica is ready: swap the front door.</summary>
    Ready,

    /// <summary>A certain failure: retrying cannot help until the user changes something.</summary>
    FailedCertain,

    /// <summary>The replicas exit before they get ready again and again (CrashLoopBackOff), or their workers are killed for memory again and again.</summary>
    CrashLooping,

    /// <summary>The replicas did not become ready before the deadline.</summary>
    TimedOut,
}

/// <summary>
/// Decides when a rollout ends, pure: ready when every replica is; failed at once when the cause is certain; failed when
/// the replicas crash-loop; else it waits out restarts (an OOM kill or a lost process is retried with the backoff)
/// until the deadline.
/// </summary>
public static class RolloutRules
{
    /// <summary>
    /// Workers killed for memory in one replica before it got ready that make a loop: the replica stays up (its master
    /// boots a new worker each time, as gunicorn does) but no worker can boot within the limit. One kill may be a peak.
    /// </summary>
    public const int WorkerOomLoop = 3;

    /// <summary>The verdict for <paramref name="input"/>.</summary>
    public static RolloutVerdict Decide(RolloutInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Desired > 0 && input.Ready >= input.Desired)
        {
            return RolloutVerdict.Ready;
        }

        if (input.FailureCertain)
        {
            return RolloutVerdict.FailedCertain;
        }

        if (input.CrashLoop.IsCrashLooping || input.WorkerOomKills >= WorkerOomLoop)
        {
            return RolloutVerdict.CrashLooping;
        }

        // The platform keeps trying to schedule for its 5 minutes whatever the readiness deadline; then it is certain.
        if (input.UnschedulableFor is { } pending)
        {
            return pending >= input.SchedulingTimeout ? RolloutVerdict.FailedCertain : RolloutVerdict.Waiting;
        }

        return input.Now >= input.Deadline ? RolloutVerdict.TimedOut : RolloutVerdict.Waiting;
    }
}
