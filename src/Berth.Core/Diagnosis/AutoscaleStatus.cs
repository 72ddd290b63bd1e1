namespace Berth.Diagnosis;

/// <summary>The autoscaler's last word on a service, as the 503 diagnosis reads it (from <c>AutoscaleDecision</c>).</summary>
/// <param name="Desired">The replicas it last decided.</param>
/// <param name="Current">The replicas ready at the last decision: the ones the load met (the router's <c>replicas</c> then).</param>
/// <param name="AtMaximum">The load needed more than <c>maxReplicas</c> at its last evaluation.</param>
public sealed record AutoscaleStatus(int Desired, int Current, bool AtMaximum)
{
    /// <summary>The last decision's event line ("utilization 1.80 over 2 replicas &gt; 0.70: scaling to 6"); null before any.</summary>
    public string? LastDecision { get; init; }

    /// <summary>The router's utilization over the last second at the last evaluation (1.0 = every slot busy).</summary>
    public double? Utilization { get; init; }

    /// <summary>When it was taken.</summary>
    public DateTimeOffset? LastDecisionAt { get; init; }
}
