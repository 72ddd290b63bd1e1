namespace Berth.Server.Targets.Docker;

/// <summary>A container's memory from the engine's statistics: now, the peak so far (cgroup v1 max_usage), the limit.</summary>
internal sealed record ContainerMemory(long UsageBytes, long? PeakBytes, long? LimitBytes);
