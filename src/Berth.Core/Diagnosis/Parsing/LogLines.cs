using System.Text.RegularExpressions;

namespace Berth.Diagnosis.Parsing;

/// <summary>Recognizers for the inference server's log lines (reference §1.8).</summary>
internal static partial class LogLines
{
    public const string InitFailed = "User's init function failed";
    public const string EncounteredException = "Encountered Exception";
    public const string ModelDirectoryContents = "Model Directory Contents:";
    public const string BootingWorker = "Booting worker with pid";

    /// <summary>A line the logger printed (starts with a timestamp), as opposed to a raw continuation line.</summary>
    public static bool IsLogPrefixed(string line) => TimestampPrefix().IsMatch(line);

    /// <summary>A worker finished init() and serves: the server's "ready" or "init has completed" lines.</summary>
    public static bool IsReady(string line) =>
        line.Contains("ready for serving traffic", StringComparison.OrdinalIgnoreCase)
        || line.Contains("init has completed successfully", StringComparison.OrdinalIgnoreCase);

    /// <summary>gunicorn 20.1+ says so when the kernel kills a worker: <c>Worker (pid:151) was sent SIGKILL! Perhaps out of memory?</c></summary>
    public static bool IsWorkerOomKill(string line) =>
        line.Contains("Perhaps out of memory", StringComparison.OrdinalIgnoreCase)
        || line.Contains("was sent SIGKILL", StringComparison.Ordinal)
        || line.Contains("terminated due to signal 9", StringComparison.Ordinal);

    /// <summary>Cuts a line to <paramref name="max"/> characters for evidence.</summary>
    public static string Clip(string line, int max = 300)
    {
        var t = line.TrimEnd();
        return t.Length <= max ? t : t[..max] + "...";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")]
    private static partial Regex TimestampPrefix();
}
