using System.Diagnostics;
using System.Text.RegularExpressions;
using Berth.Hosting;
using Berth.Security;
using Berth.Server.Services;

namespace Berth.Server.Targets.Local;

/// <summary>
/// One replica on this machine: a <c>berth-scoring</c> process in a session of its own (so it outlives the
/// server), started by a small shell that records its pid and, when it ends, its exit code. Its folder holds
/// <c>log</c>, <c>pid</c> and <c>exit</c>. <see cref="Adopt"/> finds a running replica again after a server restart.
/// </summary>
internal sealed partial class LocalReplica
{
    private const string Wrapper = "\"$@\" >>\"$DIR/log\" 2>&1 </dev/null & echo $! >\"$DIR/pid\"; wait $!; echo $? >\"$DIR/exit\"";

    private readonly bool _adopted;
    private readonly long _logStart;
    private DateTime? _goneSince;

    private LocalReplica(string id, string directory, int pid, bool adopted, long logStart)
    {
        Id = id;
        Directory = directory;
        Pid = pid;
        _adopted = adopted;
        _logStart = logStart;
    }

    public string Id { get; }

    public string Directory { get; }

    public int Pid { get; }

    public string LogPath => Path.Combine(Directory, "log");

    /// <summary>The replica's address once it listens, read from its log.</summary>
    public string? Url { get; private set; }

    /// <summary>Starts a replica; <paramref name="replicaToken"/> (the service's secret, null for none) goes in <see cref="ReplicaSecret.EnvironmentVariable"/>.</summary>
    public static async Task<LocalReplica> StartAsync(string id, string directory, ReplicaLaunch launch, string serviceName, string? replicaToken, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var stale in new[] { "pid", "exit" })
        {
            File.Delete(Path.Combine(directory, stale));
        }

        var log = Path.Combine(directory, "log");
        File.AppendAllText(log, string.Empty);
        var logStart = new FileInfo(log).Length; // a restarted replica appends; its own lines start here
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = launch.AppRoot };
        foreach (var argument in new[] { "/bin/sh", "-c", Wrapper, "replica", SiblingExecutable.Find("BERTH_SCORING_EXE", "Berth.Scoring", "berth-scoring"), "--entry_script", launch.EntryScript, "--port", "0", "--worker_count", launch.WorkerCount.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DIR"] = directory;
        start.Environment["AML_APP_ROOT"] = launch.AppRoot;
        start.Environment["AZUREML_MODEL_DIR"] = launch.ModelDir;
        start.Environment["AZUREML_ENTRY_SCRIPT"] = launch.EntryScript;
        start.Environment["SCORING_TIMEOUT_MS"] = launch.ScoringTimeoutMs.ToString();
        start.Environment["BERTH_PYTHON"] = launch.Python;
        start.Environment["SERVICE_NAME"] = serviceName;
        start.Environment["MAX_QUEUE_WAIT_MS"] = "3600000";
        foreach (var (key, value) in launch.Variables)
        {
            start.Environment[key] = value;
        }

        if (replicaToken is not null)
        {
            start.Environment[ReplicaSecret.EnvironmentVariable] = replicaToken; // after the user's variables: they cannot replace it
        }

        using var shell = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid");
        var pidFile = Path.Combine(directory, "pid");
        for (var i = 0; i < 200 && !File.Exists(pidFile); i++)
        {
            await Task.Delay(10, cancellationToken);
        }

        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim());
        return new LocalReplica(id, directory, pid, adopted: false, logStart);
    }

    /// <summary>A replica started before this server did: alive when its pid still runs berth-scoring.</summary>
    public static LocalReplica? Adopt(string id, string directory)
    {
        var pidFile = Path.Combine(directory, "pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return null;
        }

        var replica = new LocalReplica(id, directory, pid, adopted: true, logStart: 0);
        replica.ReadUrl();
        return replica;
    }

    /// <summary>The exit code once the process has ended (128+signal when a signal ended it), else null.</summary>
    public int? ExitCode
    {
        get
        {
            var exitFile = Path.Combine(Directory, "exit");
            if (File.Exists(exitFile) && int.TryParse(File.ReadAllText(exitFile).Trim(), out var code))
            {
                return code;
            }

            if (IsRunning())
            {
                _goneSince = null;
                return null;
            }

            // The wrapper writes the code just after the process ends; without it for 2 s, the wrapper itself
            // was killed (or the machine rebooted) and the code is lost.
            _goneSince ??= DateTime.UtcNow;
            return DateTime.UtcNow - _goneSince > TimeSpan.FromSeconds(2) ? 255 : null;
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

    /// <summary>Reads the address from this process's <c>Listening at:</c> line once it prints it.</summary>
    public string? ReadUrl()
    {
        if (Url is null && File.Exists(LogPath))
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(_logStart, stream.Length), SeekOrigin.Begin);
            var matches = ListeningLine().Matches(new StreamReader(stream).ReadToEnd());
            Url = matches.Count > 0 ? matches[^1].Groups[1].Value : null;
        }

        return Url;
    }

    /// <summary>Resident memory of the replica and all its descendants (the Python workers), in bytes.</summary>
    public long MemoryBytes() => ProcessTree.ResidentBytes(Pid);

    /// <summary>Stops the replica and its workers: SIGTERM to its process group, SIGKILL after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace, bool kill = false)
    {
        ProcessTree.Signal(Pid, kill ? ProcessTree.SigKill : ProcessTree.SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (IsRunning() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        if (IsRunning())
        {
            ProcessTree.Signal(Pid, ProcessTree.SigKill);
        }
    }

    public IReadOnlyList<string> TailLog(int lines)
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }

        return Services.LogTail.Last(LogPath, lines).Lines;
    }

    [GeneratedRegex(@"Listening at: (http://[0-9.]+:\d+)")]
    private static partial Regex ListeningLine();
}
