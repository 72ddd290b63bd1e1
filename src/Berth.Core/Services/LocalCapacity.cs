using System.Globalization;

namespace Berth.Services;

/// <summary>
/// How many replicas the local target can hold: bounded by the machine's available memory (each replica takes
/// <c>memoryInGB</c>, or a typical replica's size when that is not given) and by its cores (each replica's workers
/// share them). Pure: the caller reads the machine.
/// </summary>
public static class LocalCapacity
{
    /// <summary>Resident size of a replica's host process (berth-scoring, about 50 MiB measured) with headroom.</summary>
    public const long TypicalHostBytes = 64L << 20;

    /// <summary>Resident size of a typical Python worker with a model library loaded (numpy and scikit-learn take about 100 MiB).</summary>
    public const long TypicalWorkerBytes = 128L << 20;

    /// <summary>Share of the available memory replicas may take; the rest is left to the server, the router and the system.</summary>
    public const double MemoryShare = 0.8;

    /// <summary>Workers per core: workers mostly wait for requests, but more than this many per core starve each other at start (init()).</summary>
    public const int WorkersPerCore = 16;

    /// <summary>Decides whether <paramref name="demand"/> fits on <paramref name="machine"/>.</summary>
    public static CapacityVerdict Evaluate(MachineFacts machine, ReplicaDemand demand)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(demand);
        var workers = Math.Max(1, demand.WorkersPerReplica);
        var perReplica = demand.MemoryInGB is double gb && gb > 0
            ? (long)(gb * (1L << 30))
            : TypicalHostBytes + (workers * TypicalWorkerBytes);
        var usable = (long)(Math.Max(0, machine.AvailableMemoryBytes) * MemoryShare);
        var byMemory = (int)Math.Min(int.MaxValue, usable / Math.Max(1, perReplica));
        var cores = Math.Max(1, machine.ProcessorCount);
        var byCores = Math.Max(1, cores * WorkersPerCore / workers);
        var max = Math.Min(byMemory, byCores);
        var size = demand.MemoryInGB is not null
            ? $"memoryInGB {Number(demand.MemoryInGB.Value)} per replica"
            : $"a typical replica's {Mib(perReplica)} ({workers} worker(s); set memoryInGB to state yours)";
        var memory = $"{Mib(machine.AvailableMemoryBytes)} available x {Number(MemoryShare)} / {size} = {byMemory}";
        var coresText = $"{cores} core(s) x {WorkersPerCore} workers / {workers} worker(s) per replica = {byCores}";
        var reason = byMemory <= byCores ? $"the memory bounds it: {memory} (the cores would allow {byCores})" : $"the cores bound it: {coresText} (the memory would allow {byMemory})";
        return new CapacityVerdict(demand.Replicas <= max, max, reason);
    }

    private static string Mib(long bytes) => $"{(bytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
