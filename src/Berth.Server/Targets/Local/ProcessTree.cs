namespace Berth.Server.Targets.Local;

/// <summary>Reads /proc for a process and its descendants; signals them.</summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> WithDescendants(int pid)
    {
        var result = new List<int> { pid };
        for (var i = 0; i < result.Count; i++)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{result[i]}/task"))
                {
                    var children = File.ReadAllText(Path.Combine(task, "children"));
                    result.AddRange(children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return result;
    }

    public static long ResidentBytes(int pid) => WithDescendants(pid).Sum(Resident);

    public const int SigTerm = 15;

    public const int SigKill = 9;

    /// <summary>Sends a signal to the process and every descendant (its Python workers).</summary>
    public static void Signal(int pid, int signal)
    {
        foreach (var target in WithDescendants(pid).Reverse())
        {
            _ = NativeMethods.Kill(target, signal); // -1 when it has already exited
        }
    }

    private static long Resident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
