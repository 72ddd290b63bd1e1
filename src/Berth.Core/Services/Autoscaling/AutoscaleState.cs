namespace Berth.Services.Autoscaling;

/// <summary>
/// The autoscaler's memory for one service between evaluations, immutable: each <see cref="AutoscaleRules.Decide"/>
/// returns the next one. Start from <see cref="Initial"/>; start again from it when the service is redeployed.
/// </summary>
public sealed record AutoscaleState
{
    /// <summary>Nothing decided or seen yet.</summary>
    public static AutoscaleState Initial { get; } = new();

    /// <summary>The replicas last decided; null before the first evaluation (the running count is adopted then).</summary>
    public int? Desired { get; init; }

    /// <summary>When <see cref="Desired"/> last changed; changes are at least one refresh period apart.</summary>
    public DateTimeOffset? LastChangeAt { get; init; }

    /// <summary>Since when evaluations came without a gap: a scale-down needs a whole window of them.</summary>
    public DateTimeOffset? ObservingSince { get; init; }

    /// <summary>The needs seen over the scale-down window, oldest first.</summary>
    public IReadOnlyList<NeedReading> Needs { get; init; } = [];

    /// <summary>The last evaluation found more need than <c>maxReplicas</c>.</summary>
    public bool AtMaximum { get; init; }
}
