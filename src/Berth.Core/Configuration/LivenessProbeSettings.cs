namespace Berth.Configuration;

/// <summary><c>livenessProbeRequirements</c> with the platform's defaults (10, 310, 2, 1, 3).</summary>
public sealed record LivenessProbeSettings(int PeriodSeconds, int InitialDelaySeconds, int TimeoutSeconds, int SuccessThreshold, int FailureThreshold)
{
    public static LivenessProbeSettings Default { get; } = new(10, 310, 2, 1, 3);
}
