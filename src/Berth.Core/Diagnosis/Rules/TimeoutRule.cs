using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>Requests ran past <c>scoringTimeoutMs</c> and got 504: the count and the slowest run() times (R14).</summary>
internal sealed partial class TimeoutRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.Timeout;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var limit = evidence.Settings.ScoringTimeoutMs;
        var router = evidence.Router;
        var timedOut = router?.Count(504) ?? 0;
        var slowest = router?.SlowestRunTimesMs ?? [];
        var logLines = EvidenceScan.Lines(evidence).Where(l => ScoringTimeout().IsMatch(l.Line)).ToList();
        if (timedOut == 0 && logLines.Count == 0 && !slowest.Any(s => s >= limit))
        {
            return null;
        }

        var lines = new List<string>();
        if (router is not null)
        {
            lines.Add($"{Numbers.Share(timedOut, router.TotalRequests)} answered 504 (scoringTimeoutMs is {limit})");
        }

        if (slowest.Count > 0)
        {
            lines.Add($"slowest run() times: {string.Join(", ", slowest.Take(5).Select(Numbers.Ms))} (scoringTimeoutMs is {limit})");
        }

        if (router?.MedianRunTimeMs is double median)
        {
            lines.Add($"median run() time: {Numbers.Ms(median)}");
        }

        lines.AddRange(logLines.TakeLast(3).Select(l => $"[{l.ReplicaId}] {LogLines.Clip(l.Line)}"));
        var suggested = Suggest(limit, slowest);
        var severity = router is not null && timedOut * 2 >= router.TotalRequests && timedOut > 0 ? DiagnosisSeverity.Error : DiagnosisSeverity.Warning;
        var share = router is not null && timedOut > 0 ? $"{Numbers.Share(timedOut, router.TotalRequests)} ran" : "Requests ran";
        return new ServiceDiagnosis(
            Code,
            $"{share} longer than scoringTimeoutMs ({limit} ms) and timed out (504).",
            lines,
            $"Raise \"scoringTimeoutMs\" in {evidence.Settings.ConfigFile} (now {limit}) to {suggested} and run {EvidenceScan.UpdateConfigCommand(evidence)}, or make run() in {evidence.EntryScript} faster; a run() that never finishes is stuck in a loop or waiting on something.",
            severity);
    }

    /// <summary>1.5 × the slowest run() that finished under the limit, at least twice the limit, rounded up to a second.</summary>
    internal static int Suggest(int limitMs, IReadOnlyList<double> slowestMs)
    {
        var finished = slowestMs.Where(s => s < limitMs).DefaultIfEmpty(0).Max();
        var wanted = Math.Max(limitMs * 2.0, finished * 1.5);
        return (int)Math.Min(int.MaxValue, Math.Ceiling(wanted / 1000) * 1000);
    }

    [GeneratedRegex(@"Scoring timeout after \d+ ms|Scoring timeout of \d+")]
    private static partial Regex ScoringTimeout();
}
