namespace Berth.Services.Autoscaling;

/// <summary>The output of <see cref="AutoscaleRules.Decide"/>.</summary>
/// <param name="Desired">The replicas the service should have: call the target's scale with it when <paramref name="Changed"/>.</param>
/// <param name="Changed"><paramref name="Desired"/> differs from the previous decision (or from the running count at the first).</param>
/// <param name="Needed">What the load needs now by the sizing rule, before the bounds (it may exceed <c>maxReplicas</c>).</param>
/// <param name="AtMaximum">The load needs more than <c>maxReplicas</c>: the 503 diagnosis says so.</param>
/// <param name="Event">
/// The line for the service's history with its inputs ("utilization 1.80 over 2 replicas &gt; 0.70: scaling to 6"), when
/// the decision changed or the maximum was just reached; null otherwise.
/// </param>
/// <param name="State">The memory to pass to the next evaluation.</param>
public sealed record AutoscaleDecision(int Desired, bool Changed, int Needed, bool AtMaximum, string? Event, AutoscaleState State);
