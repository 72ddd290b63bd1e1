using Berth.Diagnosis.Parsing;
using Berth.Services;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// Requests got 503 because no replica was ready at all, which more replicas per second would not fix: says, per
/// replica, why it was not ready (still starting, backing off after an exit, never started) from the replica events.
/// </summary>
internal sealed class NoReadyReplicaRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.NoReadyReplica;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var router = evidence.Router;
        if (router is null || router.NoReplicaRejections == 0)
        {
            return null;
        }

        var lines = new List<string> { $"{Numbers.Share(router.NoReplicaRejections, router.TotalRequests)} answered 503 because no replica was ready" };
        var replicas = evidence.ReplicaEvents.GroupBy(e => e.ReplicaId, StringComparer.Ordinal).ToList();
        foreach (var replica in replicas)
        {
            var last = replica.OrderBy(e => e.At).ThenBy(e => e.Kind).Last();
            lines.Add(last.Kind switch
            {
                ReplicaEventKind.Started => $"{replica.Key}: starting since {Numbers.Time(last.At)} (init() had not finished)",
                ReplicaEventKind.Exited => $"{replica.Key}: exited with {last.DescribeExit()} at {Numbers.Time(last.At)}; backing off before its restart",
                _ => $"{replica.Key}: ready since {Numbers.Time(last.At)} (the 503s came before)",
            });
        }

        if (replicas.Count == 0)
        {
            lines.Add("no replica has started");
        }

        var crashed = replicas.Any(r => r.OrderBy(e => e.At).Last().Kind == ReplicaEventKind.Exited);
        return new ServiceDiagnosis(
            Code,
            $"{Numbers.Share(router.NoReplicaRejections, router.TotalRequests)} were turned away with 503 because no replica was ready to take them.",
            lines,
            crashed
                ? $"A replica exits: see the causes above, `berth service logs {evidence.ServiceName}` and its last exit in `berth service show {evidence.ServiceName}`; requests are served again once a replica is ready."
                : $"Wait until the service is Healthy (`berth service wait {evidence.ServiceName}`) before sending requests; if init() is slow, keep clients retrying on 503 (Retry-After is set).",
            DiagnosisSeverity.Error);
    }
}
