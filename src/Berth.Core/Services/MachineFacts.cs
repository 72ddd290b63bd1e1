namespace Berth.Services;

/// <summary>What the local machine offers replicas: the memory the kernel says is available and the processor count.</summary>
/// <param name="AvailableMemoryBytes"><c>MemAvailable</c> from <c>/proc/meminfo</c>, in bytes.</param>
/// <param name="ProcessorCount">The cores this process may run on.</param>
public sealed record MachineFacts(long AvailableMemoryBytes, int ProcessorCount);
