namespace Berth.Services;

/// <summary>What a deployment asks of the local target.</summary>
/// <param name="Replicas"><c>numReplicas</c>.</param>
/// <param name="MemoryInGB"><c>containerResourceRequirements.memoryInGB</c> per replica; null when not given.</param>
/// <param name="WorkersPerReplica">Python workers (processes) in each replica.</param>
public sealed record ReplicaDemand(int Replicas, double? MemoryInGB, int WorkersPerReplica);
