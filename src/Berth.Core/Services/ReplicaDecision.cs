namespace Berth.Services;

/// <summary>What the supervisor does with one replica slot after looking at it: the output of <see cref="ReplicaRules.Decide"/>.</summary>
public abstract record ReplicaDecision
{
    /// <summary>Nothing changes.</summary>
    public static ReplicaDecision None { get; } = new Keep();

    /// <summary>Nothing changes.</summary>
    public sealed record Keep : ReplicaDecision;

    /// <summary>The replica answered its probe: mark it ready and put it behind the front door.</summary>
    /// <param name="Url">Where it listens.</param>
    /// <param name="InitTook">How long it took from start to ready.</param>
    public sealed record BecomeReady(string Url, TimeSpan InitTook) : ReplicaDecision;

    /// <summary>The replica ended: record the exit and wait for the restart; <paramref name="WasReady"/> says it must leave the front door.</summary>
    /// <param name="Exit">The exit, as the diagnosis and the crash-loop rule read it.</param>
    /// <param name="Plan">When it restarts.</param>
    /// <param name="WasReady">It served until now.</param>
    public sealed record Exited(ReplicaEvent Exit, RestartPlan Plan, bool WasReady) : ReplicaDecision;

    /// <summary>The backoff is over: start the slot's replica again.</summary>
    public sealed record Restart : ReplicaDecision;

    /// <summary>The replica uses more memory than its limit: kill it (its exit is then reported as killed by the memory limit).</summary>
    /// <param name="UsedBytes">What it used.</param>
    /// <param name="LimitBytes">What it may use.</param>
    public sealed record KillForMemory(long UsedBytes, long LimitBytes) : ReplicaDecision;
}
