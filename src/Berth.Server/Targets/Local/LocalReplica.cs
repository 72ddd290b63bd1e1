using System.Diagnostics;
using System.Globalization;
using Berth.Hosting;
using Berth.Security;
using Berth.Services;

namespace Berth.Server.Targets.Local;

/// <summary>
/// One replica on this machine: a <c>berth-scoring</c> process in a session of its own (so it outlives the
/// server), started by a small shell that records its pid and, when it ends, its exit code. Its folder holds
/// <c>log</c>, <c>pid</c>, <c>exit</c> and <c>address.json</c> (the replica's own record of where it listens).
/// Every file is written whole or not at all (temporary file, then a rename), so a reader never sees a partial one.
/// <see cref="Adopt"/> finds a running replica again after a server restart.
/// </summary>
internal sealed class LocalReplica : IReplica
{
    /// <summary>How long the wrapper shell may take to record the replica's pid (it forks at once; a loaded machine is slow).</summary>
    internal static readonly TimeSpan PidTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a replica whose process is gone may lack an exit file before its code counts as lost.</summary>
    private static readonly TimeSpan LostExitGrace = TimeSpan.FromSeconds(2);

    // The wrapper's own streams go to the log too: it must not hold the server's stdout or terminal open once the server is gone.
    // With a memory cgroup ($CGROUP: its cgroup.procs) the shell enters it before it starts the replica, so the replica and
    // every worker it forks are in it from their first byte; a shell that cannot enter it ends with 125 and says why.
    private const string Wrapper =
        "exec </dev/null >>\"$DIR/log\" 2>&1; "
        + "if [ -n \"$CGROUP\" ] && ! echo $$ >\"$CGROUP\"; then echo \"berth: cannot enter the memory cgroup $CGROUP\"; "
        + "echo $$ >\"$DIR/pid\"; echo 125 >\"$DIR/exit\"; exit 125; fi; unset CGROUP; "
        + "\"$@\" & echo $! >\"$DIR/pid.tmp\" && mv -f \"$DIR/pid.tmp\" \"$DIR/pid\"; "
        + "wait $!; code=$?; echo $code >\"$DIR/exit.tmp\" && mv -f \"$DIR/exit.tmp\" \"$DIR/exit\"";

    /// <summary>The server's environment variable that turns the kernel's enforcement off (<c>off</c>): the supervisor's polling is then the limit.</summary>
    internal const string CgroupSwitch = "BERTH_LOCAL_MEMORY_CGROUP";

    private readonly bool _adopted;
    private readonly TimeProvider _time;
    private readonly MemoryCgroup? _cgroup;
    private readonly string _memory;
    private bool _cgroupGone;
    private DateTimeOffset? _goneSince;

    private LocalReplica(string id, string directory, int pid, bool adopted, TimeProvider time, MemoryCgroup? cgroup, string memory)
    {
        Id = id;
        Directory = directory;
        Pid = pid;
        _adopted = adopted;
        _time = time;
        _cgroup = cgroup;
        _memory = memory;
    }

    public string Id { get; }

    public string Directory { get; }

    public int Pid { get; }

    int? IReplica.Pid => Pid;

    /// <summary><c>pid N</c>, and with a memory limit how it is enforced (the kernel's cgroup, or polling and why).</summary>
    public string Handle => _memory.Length == 0 ? $"pid {Pid}" : $"pid {Pid}; {_memory}";

    public string LogPath => Path.Combine(Directory, "log");

    public string AddressPath => Path.Combine(Directory, "address.json");

    /// <summary>The replica's address once it listens, from the address file it published.</summary>
    public string? Url { get; private set; }

    /// <summary>Starts a replica; the spec's replica token (the service's secret, null for none) goes in <see cref="ReplicaSecret.EnvironmentVariable"/>.</summary>
    public static async Task<LocalReplica> StartAsync(ReplicaSpec spec, TimeProvider time, CancellationToken cancellationToken)
    {
        var (id, directory, launch, _, _) = spec;
        System.IO.Directory.CreateDirectory(directory);
        foreach (var stale in new[] { "pid", "pid.tmp", "exit", "exit.tmp", "address.json" })
        {
            File.Delete(Path.Combine(directory, stale));
        }

        File.AppendAllText(Path.Combine(directory, "log"), string.Empty);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = launch.AppRoot };
        foreach (var argument in new[] { "/bin/sh", "-c", Wrapper, "replica", SiblingExecutable.Find("BERTH_SCORING_EXE", "Berth.Scoring", "berth-scoring"), ReplicaVariables.ServedFileOption(launch.EntryScript), launch.EntryScript, "--port", "0", "--address_file", Path.Combine(directory, "address.json") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DIR"] = directory;
        var (cgroup, memory) = LimitMemory(spec);
        start.Environment["CGROUP"] = cgroup?.ProcsFile ?? string.Empty;
        foreach (var (key, value) in ReplicaVariables.For(spec, launch.AppRoot, launch.EntryScript, launch.ModelDir, launch.Python))
        {
            start.Environment[key] = value;
        }

        using var shell = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid");
        try
        {
            var pid = await WaitForPidAsync(Path.Combine(directory, "pid"), PidTimeout, time, cancellationToken);
            return new LocalReplica(id, directory, pid, adopted: false, time, cgroup, memory);
        }
        catch
        {
            // Cancelled or timed out before the pid was known: nothing may keep running that no one knows of.
            ProcessTree.Signal(shell.Id, ProcessTree.SigKill);
            throw;
        }
    }

    /// <summary>Waits for a pid file that holds a whole number; a missing, empty or partly written file is waited out, never parsed.</summary>
    internal static async Task<int> WaitForPidAsync(string path, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            if (TryReadInt(path) is int pid && pid > 0)
            {
                return pid;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"the replica's wrapper did not record a pid in {path} within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
        }
    }

    /// <summary>A replica started before this server did: alive when its pid still runs berth-scoring.</summary>
    public static LocalReplica? Adopt(string id, string directory, TimeProvider time)
    {
        if (TryReadInt(Path.Combine(directory, "pid")) is not int pid)
        {
            return null;
        }

        var cgroup = MemoryCgroup.Find(directory);
        var replica = new LocalReplica(id, directory, pid, adopted: true, time, cgroup, cgroup?.Describe() ?? string.Empty);
        replica.ReadUrl();
        return replica;
    }

    /// <summary>The exit code once the process has ended (128+signal when a signal ended it), else null.</summary>
    public int? ExitCode
    {
        get
        {
            if (TryReadInt(Path.Combine(Directory, "exit")) is int code)
            {
                return code;
            }

            if (IsRunning())
            {
                _goneSince = null;
                return null;
            }

            // The wrapper writes the code just after the process ends; without it for a while, the wrapper itself
            // was killed (or the machine rebooted) and the code is lost.
            var now = _time.GetUtcNow();
            _goneSince ??= now;
            return now - _goneSince > LostExitGrace ? 255 : null;
        }
    }

    /// <summary>
    /// True while the process exists and is not a zombie. For a replica adopted from an earlier server its command
    /// line must also still be berth-scoring (the pid may have been reused); a replica this server just started may
    /// not have exec'd yet, so only its existence counts.
    /// </summary>
    public bool IsRunning()
    {
        try
        {
            var running = !File.ReadAllText($"/proc/{Pid}/stat").Contains(") Z ", StringComparison.Ordinal);
            return running && (!_adopted || File.ReadAllText($"/proc/{Pid}/cmdline").Contains("berth-scoring", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads the address this process published once it listens; an address file of an earlier process (another pid) is ignored.</summary>
    public string? ReadUrl() => Url ??= ReplicaAddressFile.TryRead(AddressPath, Pid)?.Url;

    /// <summary>
    /// The replica's memory: what its cgroup is charged (never above the limit: the kernel enforces it), or else the
    /// resident memory of the replica and all its descendants (the Python workers), in bytes.
    /// </summary>
    public long MemoryBytes() => _cgroup?.UsageBytes() ?? ProcessTree.ResidentBytes(Pid);

    /// <summary>Exit code (from the wrapper's exit file), whether it runs, its published address, its memory and the kernel's OOM kills in its cgroup.</summary>
    public ReplicaObservation Observe()
    {
        var kills = _cgroup?.OomKills() ?? 0;
        if (ExitCode is int code)
        {
            // Removed once the wrapper shell has left (a restart in this slot creates it again); not tried again after that.
            if (_cgroup is not null && !_cgroupGone)
            {
                _cgroupGone = _cgroup.Remove();
            }
            return ReplicaObservation.Ended(code, oomKilled: kills > 0) with { OomKills = kills };
        }

        var running = IsRunning();
        return new ReplicaObservation { Running = running, Url = ReadUrl(), MemoryBytes = running ? MemoryBytes() : null, OomKills = kills };
    }

    /// <summary>The cgroup that enforces the spec's memoryInGB and how the limit is enforced, for the events; no limit: (null, "").</summary>
    private static (MemoryCgroup? Cgroup, string Description) LimitMemory(ReplicaSpec spec)
    {
        if (spec.MemoryInGB is not double gb)
        {
            return (null, string.Empty);
        }

        if (Environment.GetEnvironmentVariable(CgroupSwitch) == "off")
        {
            return (null, $"memoryInGB enforced by Berth checking the replica's memory 5 times a second (not by the kernel: {CgroupSwitch}=off)");
        }

        var cgroup = MemoryCgroup.TryCreate(spec.Directory, (long)(gb * 1024 * 1024 * 1024), out var why);
        return cgroup is not null ? (cgroup, cgroup.Describe()) : (null, $"memoryInGB enforced by Berth checking the replica's memory 5 times a second (not by the kernel: {why})");
    }

    public void Kill() => ProcessTree.Signal(Pid, ProcessTree.SigKill);

    /// <summary>Stops the replica and its workers: SIGTERM to its process group, SIGKILL after the grace period; returns once its exit is recorded.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        ProcessTree.Signal(Pid, ProcessTree.SigTerm);
        var deadline = _time.GetUtcNow() + grace;
        while (IsRunning() && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time);
        }

        if (IsRunning())
        {
            ProcessTree.Signal(Pid, ProcessTree.SigKill);
        }

        // Ended once its wrapper has recorded the exit (or the code counts as lost): a replica started next in this
        // folder must not have its fresh state overwritten by this one's late exit file.
        while (ExitCode is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time);
        }

        if (_cgroup is not null)
        {
            await _cgroup.RemoveAsync(TimeSpan.FromSeconds(5), _time);
        }
    }

    private static int? TryReadInt(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
