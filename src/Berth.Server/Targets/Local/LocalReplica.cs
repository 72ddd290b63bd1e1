using System.Diagnostics;
using System.Text.RegularExpressions;
using Berth.Hosting;
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

    private LocalReplica(string id, string directory, int pid)
    {
        Id = id;
        Directory = directory;
        Pid = pid;
    }

    public string Id { get; }

    public string Directory { get; }

    public int Pid { get; }

    public string LogPath => Path.Combine(Directory, "log");

    /// <summary>The replica's address once it listens, read from its log.</summary>
    public string? Url { get; private set; }

    public static async Task<LocalReplica> StartAsync(string id, string directory, ReplicaLaunch launch, string serviceName, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var stale in new[] { "pid", "exit" })
        {
            File.Delete(Path.Combine(directory, stale));
        }

        File.AppendAllText(Path.Combine(directory, "log"), string.Empty);
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

        using var shell = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid");
        var pidFile = Path.Combine(directory, "pid");
        for (var i = 0; i < 200 && !File.Exists(pidFile); i++)
        {
            await Task.Delay(10, cancellationToken);
        }

        var pid = int.Parse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim());
        return new LocalReplica(id, directory, pid);
    }

    /// <summary>A replica started before this server did: alive when its pid still runs berth-scoring.</summary>
    public static LocalReplica? Adopt(string id, string directory)
    {
        var pidFile = Path.Combine(directory, "pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return null;
        }

        var replica = new LocalReplica(id, directory, pid);
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

            // The wrapper itself was killed (or the machine rebooted): the process is gone without a code.
            return IsRunning() ? null : 255;
        }
    }

    public bool IsRunning()
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{Pid}/cmdline");
            return cmdline.Contains("berth-scoring", StringComparison.Ordinal) && !File.ReadAllText($"/proc/{Pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads the address from the <c>Listening at:</c> line once the replica prints it.</summary>
    public string? ReadUrl()
    {
        if (Url is null && File.Exists(LogPath))
        {
            var match = ListeningLine().Match(File.ReadAllText(LogPath));
            Url = match.Success ? match.Groups[1].Value : null;
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

        return File.ReadLines(LogPath).TakeLast(lines).ToList();
    }

    [GeneratedRegex(@"Listening at: (http://[0-9.]+:\d+)")]
    private static partial Regex ListeningLine();
}
