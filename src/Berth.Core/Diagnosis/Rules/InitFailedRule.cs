using Berth.Diagnosis.Parsing;
using Berth.Services;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// <c>init()</c> (or loading the entry script) raised: the server logged <c>User's init function failed</c> and a
/// traceback, or a replica exited with code 3. Reports the exception and the user's file:line (R10).
/// </summary>
internal sealed class InitFailedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.InitFailed;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var found = EvidenceScan.LastStartFailure(evidence);
        var failLine = EvidenceScan.Lines(evidence).LastOrDefault(l => l.Line.Contains(LogLines.InitFailed, StringComparison.Ordinal));
        var exit = evidence.ReplicaEvents.LastOrDefault(e => e.Kind == ReplicaEventKind.Exited && e.ExitCode == ReplicaExitCodes.InitFailed);
        if (failLine.Line is null && exit is null)
        {
            return null;
        }

        var lines = new List<string>();
        if (failLine.Line is not null)
        {
            lines.Add($"[{failLine.ReplicaId}] {LogLines.Clip(failLine.Line)}");
        }

        if (found is null)
        {
            lines.Add($"{exit!.ReplicaId} exited with {exit.DescribeExit()} at {Numbers.Time(exit.At)}, the server's code for a failed init()");
            return new ServiceDiagnosis(
                Code,
                $"init() in {evidence.EntryScript} failed, but the log has no traceback.",
                lines,
                $"Run `berth service logs {evidence.ServiceName}` for the replica's full output, make init() in {evidence.EntryScript} succeed, then run {EvidenceScan.ReloadCommand(evidence)}.",
                DiagnosisSeverity.Error);
        }

        return FromTraceback(evidence, found, exit, lines);
    }

    private ServiceDiagnosis FromTraceback(ServiceEvidence evidence, FoundTraceback found, ReplicaEvent? exit, List<string> lines)
    {
        var primary = found.Traceback.Primary;
        var at = found.Traceback.Location;
        lines.Add($"[{found.ReplicaId}] {LogLines.Clip(primary.Line)}");
        if (found.DescribeLocation() is string location)
        {
            lines.Add(location);
        }

        lines.AddRange(found.Traceback.Chain.Where(b => !ReferenceEquals(b, primary)).Select(b => $"also in the chain: {LogLines.Clip(b.Line)}"));
        if (exit is not null)
        {
            lines.Add($"{exit.ReplicaId} exited with {exit.DescribeExit()} at {Numbers.Time(exit.At)}");
        }

        var where = at is null ? evidence.EntryScript : $"{at.FileName} line {at.Line}";
        var inFunction = at?.Method is string m && m != "<module>" ? $" (in {m})" : string.Empty;
        return new ServiceDiagnosis(
            Code,
            $"init() failed with {LogLines.Clip(primary.Line, 200)}{(at is null ? string.Empty : $" ({at.FileName}, line {at.Line})")}.",
            lines,
            $"Fix {where}{inFunction} so that init() does not raise {primary.ShortType}, then run {EvidenceScan.ReloadCommand(evidence)}.",
            DiagnosisSeverity.Error);
    }
}
