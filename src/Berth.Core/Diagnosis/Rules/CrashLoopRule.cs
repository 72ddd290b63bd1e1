using Berth.Diagnosis.Parsing;
using Berth.Services;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// A replica keeps failing at start and is restarted with backoff (CrashLoopBackOff, R10). Points at the cause:
/// the init() exception, the memory limit, or the exit code.
/// </summary>
internal sealed class CrashLoopRule : IDiagnosisRule
{
    private readonly CrashLoopDetector _detector;

    public CrashLoopRule(CrashLoopDetector? detector = null) => _detector = detector ?? new CrashLoopDetector();

    public string Code => DiagnosisCodes.CrashLoop;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var status = _detector.Evaluate(evidence.ReplicaEvents);
        if (!status.IsCrashLooping)
        {
            return null;
        }

        var exits = status.Exits;
        var last = exits[^1];
        var lines = new List<string>
        {
            $"{status.ReplicaId} failed to start {status.ConsecutiveStartFailures} times in a row: "
                + string.Join("; ", exits.TakeLast(5).Select(e => $"{e.DescribeExit()} at {Numbers.Time(e.At)}")),
        };
        var next = RestartBackoff.DelayFor(status.ConsecutiveStartFailures - 1);
        var remaining = last.At + next - evidence.ObservedAt;
        lines.Add(remaining > TimeSpan.Zero
            ? $"next restart in {Numbers.Seconds(remaining)} (backoff {Numbers.Seconds(next)}; 10 s doubling to 5 min)"
            : $"restart due after a backoff of {Numbers.Seconds(next)} (10 s doubling to 5 min)");
        var cause = Cause(evidence, last);
        lines.Add($"cause: {cause}");
        return new ServiceDiagnosis(
            Code,
            $"{status.ReplicaId} keeps failing at start and is restarted with growing delays ({ServiceStateDetails.CrashLoopBackOff}).",
            lines,
            $"Fix the cause ({cause}; see the diagnosis of the failure), then run {EvidenceScan.ReloadCommand(evidence)}; until then Berth keeps restarting the replica, up to 5 min apart.",
            DiagnosisSeverity.Error);
    }

    private static string Cause(ServiceEvidence evidence, ReplicaEvent last)
    {
        if (last.OomKilled || last.ExitCode == ReplicaExitCodes.Sigkill)
        {
            return $"killed by the memory limit, see {DiagnosisCodes.Oom}";
        }

        if (EvidenceScan.LastStartFailure(evidence) is { } found)
        {
            var at = found.Traceback.Location;
            var where = at is null ? string.Empty : $" at {at.FileName}, line {at.Line}";
            return $"init() raises {found.Traceback.Primary.ShortType}{where}";
        }

        return last.ExitCode == ReplicaExitCodes.InitFailed
            ? $"init() in {evidence.EntryScript} fails (exit code 3)"
            : $"the replica exits with {last.DescribeExit()}";
    }
}
