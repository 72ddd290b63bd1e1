using System.Diagnostics;
using System.Globalization;
using Berth.Hosting;

namespace Berth.Server.Routing;

/// <summary>
/// The router's own supervisor, so that the data plane comes back without the control plane: a small detached shell
/// (its own session) that runs berth-router and restarts it when it ends abnormally (a crash, kill -9), after 0.2 s,
/// then 1, 2, 4 and at most 8 s while it keeps failing within a minute. It stops when the router exits 0 (SIGTERM),
/// or 2 (a problem a restart cannot fix: bad arguments, the state folder or the port held by another program), or when
/// the file <c>stop</c> exists in the state folder. One supervisor per state folder (flock on supervisor.lock, which
/// the router does not inherit); its pid is in <c>supervisor.pid</c>. The router writes its own rotated log
/// (router.log); what it prints on standard error (a crash) and the restarts go to router.stderr (kept under 1 MiB x 2).
/// </summary>
internal static class RouterWatchdog
{
    public const string Name = "berth-router-supervisor";

    /// <summary>The supervisor's exit code when another supervisor already holds the state folder.</summary>
    public const int AlreadySupervised = 3;

    // The supervisor's own standard streams leave the server's (a pipe or a terminal), which it would otherwise hold open after the server is gone.
    private const string Script = """
        exec </dev/null >/dev/null 2>>"$DIR/router.stderr"
        exec 9>>"$DIR/supervisor.lock"
        flock -n 9 || exit 3
        echo $$ >"$DIR/supervisor.pid"
        rm -f "$DIR/stop"
        n=0
        while :; do
          started=$(date +%s)
          "$@" 9>&- </dev/null >/dev/null 2>>"$DIR/router.stderr"
          code=$?
          if [ "$code" -eq 0 ] || [ "$code" -eq 2 ] || [ -e "$DIR/stop" ]; then
            rm -f "$DIR/supervisor.pid"
            exit "$code"
          fi
          if [ $(( $(date +%s) - started )) -ge 60 ]; then n=0; fi
          case $n in 0) d=0.2;; 1) d=1;; 2) d=2;; 3) d=4;; *) d=8;; esac
          n=$((n + 1))
          if [ "$(wc -c <"$DIR/router.stderr")" -gt 1048576 ]; then mv -f "$DIR/router.stderr" "$DIR/router.stderr.1"; fi
          echo "$(date -u '+%Y-%m-%d %H:%M:%S') berth-router exited with code $code; restarting in $d s" >>"$DIR/router.stderr"
          sleep "$d"
        done
        """;

    public static string LogPath(string stateDirectory) => Path.Combine(stateDirectory, "router.log");

    /// <summary>setsid, the supervising shell, and berth-router with its arguments (its log file rotated at the defaults).</summary>
    public static ProcessStartInfo StartInfo(string stateDirectory, int port)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "/bin/sh", "-c", Script, Name,
            SiblingExecutable.Find("BERTH_ROUTER_EXE", "Berth.Router", "berth-router"), "--state-dir", stateDirectory,
            "--url", $"http://127.0.0.1:{port}", "--log-file", LogPath(stateDirectory) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DIR"] = stateDirectory;
        return start;
    }

    /// <summary>True while the supervisor recorded in the state folder runs (it then restarts the router itself).</summary>
    public static bool IsAlive(string stateDirectory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(stateDirectory, "supervisor.pid")).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Name, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
