namespace Berth.Services;

/// <summary>Whether a deployment's replicas fit on the machine, how many would, and why.</summary>
/// <param name="Fits">True when every asked replica fits.</param>
/// <param name="MaxReplicas">How many replicas of this kind fit (the smaller of the memory and the cores bound).</param>
/// <param name="Reason">The arithmetic behind <paramref name="MaxReplicas"/>, as a sentence fragment.</param>
public sealed record CapacityVerdict(bool Fits, int MaxReplicas, string Reason);
