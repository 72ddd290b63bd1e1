namespace Berth.Services.Autoscaling;

/// <summary>The replicas the load needed at one evaluation, bounded by <c>minReplicas</c> and <c>maxReplicas</c>.</summary>
public readonly record struct NeedReading(DateTimeOffset At, int Replicas);
