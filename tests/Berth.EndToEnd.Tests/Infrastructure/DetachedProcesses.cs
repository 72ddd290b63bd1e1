using System.Text.Json;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Ends what a test's server started detached (the router and the replicas, which outlive the server by design):
/// the pids recorded under the workspace, with all their descendants.
/// </summary>
internal static class DetachedProcesses
{
    public static void KillUnder(string home)
    {
        // The router's supervisor first, or it restarts the router killed below.
        var pids = SupervisorPid(home).Concat(RecordedPids(home)).Concat(ReplicasUnder(home)).Distinct().ToList();
        var cgroups = pids.Select(MemoryCgroupOf).OfType<string>().Distinct().ToList();
        foreach (var pid in pids)
        {
            foreach (var target in WithDescendants(pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(target);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }

        RemoveCgroups(cgroups);
    }

    /// <summary>The local replicas' memory cgroups (<c>/sys/fs/cgroup/memory/berth/...</c>) of the processes, removed once they are empty.</summary>
    private static void RemoveCgroups(List<string> cgroups)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (cgroups.Count > 0 && DateTime.UtcNow < deadline)
        {
            cgroups.RemoveAll(path =>
            {
                try
                {
                    Directory.Delete(path);
                    return true;
                }
                catch (DirectoryNotFoundException)
                {
                    return true;
                }
                catch (IOException)
                {
                    return false; // a killed process is still leaving it
                }
            });
            Thread.Sleep(50);
        }
    }

    private static string? MemoryCgroupOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/cgroup").FirstOrDefault(l => l.Contains(":memory:/berth/", StringComparison.Ordinal));
            return line is null ? null : "/sys/fs/cgroup/memory" + line[(line.IndexOf(":memory:", StringComparison.Ordinal) + 8)..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The pid of the router's supervisor (the shell that restarts it), when one runs.</summary>
    public static IEnumerable<int> SupervisorPid(string home)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(home, "router", "supervisor.pid")).Trim(), out var pid) ? [pid] : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The pids of the router and of every replica recorded under the workspace.</summary>
    public static IEnumerable<int> RecordedPids(string home)
    {
        var router = Path.Combine(home, "router", "router.json");
        if (File.Exists(router))
        {
            int? pid = null;
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(router));
                pid = json.RootElement.GetProperty("pid").GetInt32();
            }
            catch (Exception e) when (e is JsonException or IOException or KeyNotFoundException)
            {
            }

            if (pid is int p)
            {
                yield return p;
            }
        }

        var services = Path.Combine(home, "services");
        if (Directory.Exists(services))
        {
            foreach (var file in Directory.EnumerateFiles(services, "pid", SearchOption.AllDirectories))
            {
                if (int.TryParse(File.ReadAllText(file).Trim(), out var pid))
                {
                    yield return pid;
                }
            }
        }
    }

    /// <summary>Every live berth-scoring process (and its wrapper shell) whose command line names the workspace, recorded or not.</summary>
    public static IReadOnlyList<int> ReplicasUnder(string home)
    {
        var result = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("berth-scoring", StringComparison.Ordinal) && commandLine.Contains(home, StringComparison.Ordinal)
                    && !File.ReadAllText(Path.Combine(directory, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    result.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It ended while we looked.
            }
        }

        return result;
    }

    public static List<int> WithDescendants(int pid)
    {
        var result = new List<int> { pid };
        for (var i = 0; i < result.Count; i++)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{result[i]}/task"))
                {
                    result.AddRange(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
                }
            }
            catch (IOException)
            {
            }
        }

        return result;
    }
}
