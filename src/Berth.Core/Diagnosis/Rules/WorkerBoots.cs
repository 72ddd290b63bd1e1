using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// Reads <c>Booting worker with pid: N</c> lines: the boots that never reached "ready" and did not fail init()
/// (R8: a worker that cannot start for lack of memory is booted again and again).
/// </summary>
internal static partial class WorkerBoots
{
    /// <summary>The boot lines of workers that never became ready and did not report a failed init(), oldest first.</summary>
    public static List<string> Unready(IReadOnlyList<string> lines)
    {
        var pending = new List<(string? Pid, string Line)>();
        foreach (var line in lines)
        {
            if (Boot().Match(line) is { Success: true } boot)
            {
                pending.Add((boot.Groups["pid"].Value, line));
            }
            else if (LogLines.IsReady(line) || line.Contains(LogLines.InitFailed, StringComparison.Ordinal))
            {
                Settle(pending, line);
            }
        }

        return pending.Select(p => p.Line).ToList();
    }

    private static void Settle(List<(string? Pid, string Line)> pending, string line)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var pid = Ready().Match(line) is { Success: true } r ? r.Groups["pid"].Value
            : Prefix().Match(line) is { Success: true } p ? p.Groups["pid"].Value : null;
        var index = pid is null ? -1 : pending.FindIndex(x => x.Pid == pid);
        pending.RemoveAt(index >= 0 ? index : 0);
    }

    [GeneratedRegex(@"Booting worker with pid: (?<pid>\d+)")]
    private static partial Regex Boot();

    [GeneratedRegex(@"Worker with pid (?<pid>\d+) ready")]
    private static partial Regex Ready();

    [GeneratedRegex(@"^\S+ \S+ [A-Z] \[(?<pid>\d+)\]")]
    private static partial Regex Prefix();
}
