using System.Globalization;
using Berth.Services;

namespace Berth.Server.Targets.Local;

/// <summary>Reads the facts the local target's capacity rule needs: MemAvailable from /proc/meminfo and the processor count.</summary>
internal sealed class LocalMachine
{
    public MachineFacts Read() => new(AvailableMemoryBytes(), Environment.ProcessorCount);

    private static long AvailableMemoryBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        // Without /proc/meminfo, assume the least the runtime knows of.
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
