using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary><c>run()</c> raised or the replica dropped the connection: the share of 502s and the last run() traceback (R12).</summary>
internal sealed class RunFailedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.RunFailed;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var router = evidence.Router;
        var failed = router?.Count(502) ?? 0;
        var last = EvidenceScan.Tracebacks(evidence).LastOrDefault(t => t.Phase == TracebackPhase.Run);
        if (failed == 0 && last is null)
        {
            return null;
        }

        var lines = new List<string>();
        if (router is not null && failed > 0)
        {
            lines.Add($"{Numbers.Share(failed, router.ServedRequests)} answered 502: run() raised or the replica dropped the connection");
            if (router.ClientErrors > 0)
            {
                lines.Add($"{router.ClientErrors} more requests failed because of the caller (body too large, malformed or stalled, caller gone) and are not counted against run()");
            }
        }

        var severity = router is null || failed * 2 >= router.ServedRequests ? DiagnosisSeverity.Error : DiagnosisSeverity.Warning;
        var share = router is not null && failed > 0 ? $" in {Numbers.Share(failed, router.ServedRequests)}" : string.Empty;
        if (last is null)
        {
            lines.Add("the replica logs have no run() traceback");
            return new ServiceDiagnosis(
                Code,
                $"Requests fail with 502{share}, and no run() exception was logged.",
                lines,
                $"Read `berth service logs {evidence.ServiceName}` around the failed requests: a replica that crashed or was killed while scoring (see oom) drops the connection without a traceback.",
                severity);
        }

        return FromTraceback(evidence, last, lines, share, severity);
    }

    private ServiceDiagnosis FromTraceback(ServiceEvidence evidence, FoundTraceback last, List<string> lines, string share, DiagnosisSeverity severity)
    {
        var primary = last.Traceback.Primary;
        var at = last.Traceback.Location;
        lines.Add($"last run() exception [{last.ReplicaId}]: {LogLines.Clip(primary.Line)}");
        if (last.DescribeLocation() is string location)
        {
            lines.Add(location);
        }

        var where = at is null ? evidence.EntryScript : $"{at.FileName} line {at.Line}";
        return new ServiceDiagnosis(
            Code,
            $"run() raised {LogLines.Clip(primary.Line, 160)}{share}.",
            lines,
            $"Fix {where} so that run() does not raise {primary.ShortType} (validate the input and return an error result instead), then run {EvidenceScan.ReloadCommand(evidence)}.",
            severity);
    }
}
