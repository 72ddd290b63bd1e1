using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Server.Targets.Local;

/// <summary>
/// A memory cgroup of one local replica, so that <c>memoryInGB</c> is enforced by the kernel as in a container: the
/// OOM killer ends the largest process in it (a Python worker), the replica's master boots a new one, and the log shows
/// <c>Booting worker with pid</c> again and again, as the platform's guide describes. cgroup v1 (a <c>memory</c>
/// hierarchy, as on this machine) and v2 (the unified hierarchy with the memory controller enabled) are both used; swap
/// is limited to the same, so memory means memory. Where no cgroup is writable (an unprivileged server) the supervisor's
/// polling of the replica's resident memory stays the limit, and <see cref="TryCreate"/> says why.
/// The cgroup is named after the replica's folder, so a replica adopted after a server restart finds its own again.
/// </summary>
internal sealed class MemoryCgroup
{
    private const string V1Root = "/sys/fs/cgroup/memory";
    private const string V2Root = "/sys/fs/cgroup";

    private readonly long _oomKillsAtStart;

    private MemoryCgroup(string path, int version)
    {
        Path = path;
        Version = version;
        _oomKillsAtStart = ReadOomKills();
    }

    /// <summary>The cgroup's directory.</summary>
    public string Path { get; }

    /// <summary>1 or 2.</summary>
    public int Version { get; }

    /// <summary>The file a process writes its pid to in order to enter the cgroup (the replica's wrapper does it before it starts berth-scoring).</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>What the service's events say about how its memory limit is enforced.</summary>
    public string Describe() => $"memoryInGB enforced by the kernel (cgroup v{Version} {Path})";

    /// <summary>
    /// Creates (or, for a replica folder used before, empties and reuses) the cgroup for the replica in
    /// <paramref name="replicaDirectory"/> with <paramref name="limitBytes"/>; null with <paramref name="why"/> when none
    /// can be used here. <paramref name="root"/> replaces the machine's hierarchy in tests.
    /// </summary>
    public static MemoryCgroup? TryCreate(string replicaDirectory, long limitBytes, out string why, string? root = null)
    {
        var (hierarchy, version) = root is not null ? (root, File.Exists(System.IO.Path.Combine(root, "memory.max")) ? 2 : 1) : Detect();
        if (hierarchy is null)
        {
            why = "this machine has no cgroup memory controller Berth can use";
            return null;
        }

        var path = System.IO.Path.Combine(hierarchy, "berth", NameFor(replicaDirectory));
        try
        {
            Directory.CreateDirectory(path);
            if (version == 2)
            {
                Write(path, "memory.max", limitBytes);
                WriteIfPresent(path, "memory.swap.max", 0);
            }
            else
            {
                // memory+swap may never be below memory: lift it first, so that a reused cgroup's limit can also grow.
                WriteIfPresent(path, "memory.memsw.limit_in_bytes", -1);
                Write(path, "memory.limit_in_bytes", limitBytes);
                WriteIfPresent(path, "memory.memsw.limit_in_bytes", limitBytes);
            }

            why = string.Empty;
            return new MemoryCgroup(path, version);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"the cgroup {path} cannot be set up ({e.Message.TrimEnd('.')}); run the server as root to have the kernel enforce memoryInGB";
            return null;
        }
    }

    /// <summary>The cgroup of an adopted replica, when its folder's cgroup still exists.</summary>
    public static MemoryCgroup? Find(string replicaDirectory)
    {
        var (hierarchy, version) = Detect();
        if (hierarchy is null)
        {
            return null;
        }

        var path = System.IO.Path.Combine(hierarchy, "berth", NameFor(replicaDirectory));
        return Directory.Exists(path) ? new MemoryCgroup(path, version) : null;
    }

    /// <summary>Memory charged to the cgroup now (what the kernel holds against the limit), in bytes; null when unreadable.</summary>
    public long? UsageBytes() => ReadLong(Version == 2 ? "memory.current" : "memory.usage_in_bytes");

    /// <summary>Processes the OOM killer ended in this cgroup since this replica started.</summary>
    public long OomKills() => Math.Max(0, ReadOomKills() - _oomKillsAtStart);

    /// <summary>Removes the cgroup once no process is left in it; true when it is gone. A cgroup still in use stays (the next start reuses it).</summary>
    public bool Remove()
    {
        try
        {
            Directory.Delete(Path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // busy: a process is still in it (the wrapper shell, just after it recorded the exit)
        }
    }

    /// <summary>Removes the cgroup, waiting up to <paramref name="timeout"/> for its last process (the wrapper shell) to leave.</summary>
    public async Task RemoveAsync(TimeSpan timeout, TimeProvider time)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (!Remove() && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time);
        }
    }

    /// <summary>The cgroup's name: 16 hex of SHA-256 over the replica's folder, unique per workspace, service and slot.</summary>
    internal static string NameFor(string replicaDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(replicaDirectory))))[..16];

    private static (string? Root, int Version) Detect()
    {
        if (File.Exists(System.IO.Path.Combine(V1Root, "memory.limit_in_bytes")))
        {
            return (V1Root, 1);
        }

        var controllers = System.IO.Path.Combine(V2Root, "cgroup.subtree_control");
        try
        {
            return File.Exists(controllers) && File.ReadAllText(controllers).Split(' ', '\n').Contains("memory") ? (V2Root, 2) : (null, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, 0);
        }
    }

    private long ReadOomKills()
    {
        // v1: memory.oom_control has "oom_kill N" (kernel 4.13+); v2: memory.events has "oom_kill N".
        try
        {
            foreach (var line in File.ReadLines(System.IO.Path.Combine(Path, Version == 2 ? "memory.events" : "memory.oom_control")))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(9), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private long? ReadLong(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Write(string path, string file, long value) =>
        File.WriteAllText(System.IO.Path.Combine(path, file), value.ToString(CultureInfo.InvariantCulture));

    private static void WriteIfPresent(string path, string file, long value)
    {
        if (File.Exists(System.IO.Path.Combine(path, file)))
        {
            Write(path, file, value);
        }
    }
}
