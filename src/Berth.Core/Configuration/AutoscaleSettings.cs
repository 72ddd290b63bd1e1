namespace Berth.Configuration;

/// <summary><c>autoScaler</c> with the platform's defaults applied (1, 10, 1 s, 70 %).</summary>
public sealed record AutoscaleSettings(bool Enabled, int MinReplicas, int MaxReplicas, int RefreshPeriodInSeconds, int TargetUtilization)
{
    public static AutoscaleSettings Disabled { get; } = new(false, 1, 10, 1, 70);
}
