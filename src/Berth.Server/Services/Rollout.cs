using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// A generation being rolled out: its slots (started by the deployer), its deadline, and the verdict the supervision
/// loop reaches (<see cref="RolloutRules"/>). On <see cref="RolloutVerdict.Ready"/> the loop itself swaps the new slots
/// in and the front door over, so slots and routes are only ever changed by one loop.
/// </summary>
internal sealed class Rollout(IReadOnlyList<ReplicaSlot> slots, DateTimeOffset deadline)
{
    private readonly TaskCompletionSource<RolloutVerdict> _verdict = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ReplicaSlot> Slots { get; } = slots;

    public DateTimeOffset Deadline { get; } = deadline;

    /// <summary>How long the cluster's scheduler may leave a replica unplaced before the rollout fails.</summary>
    public TimeSpan SchedulingTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The slots that served before the swap; set by the loop when the verdict is Ready.</summary>
    public IReadOnlyList<ReplicaSlot> Retired { get; set; } = [];

    /// <summary>True once the loop reached its verdict: from then on the loop no longer looks at slots not swapped in.</summary>
    public bool IsDecided => _verdict.Task.IsCompleted;

    /// <summary>Completes with the verdict (never <see cref="RolloutVerdict.Waiting"/>).</summary>
    public Task<RolloutVerdict> Verdict => _verdict.Task;

    public void Decide(RolloutVerdict verdict) => _verdict.TrySetResult(verdict);
}
