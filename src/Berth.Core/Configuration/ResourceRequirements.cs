namespace Berth.Configuration;

/// <summary>
/// <c>containerResourceRequirements</c>: requests and limits per replica. <see cref="Cpu"/> and
/// <see cref="MemoryInGB"/> default to 0.1 and 0.5 on container and kubernetes; on local they are
/// null (no limit) unless given.
/// </summary>
public sealed record ResourceRequirements(double? Cpu, double? MemoryInGB, double? CpuLimit, double? MemoryInGBLimit, int Gpu);
