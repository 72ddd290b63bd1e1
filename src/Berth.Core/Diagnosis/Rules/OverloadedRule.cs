using Berth.Diagnosis.Parsing;
using Berth.Services.Autoscaling;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// Requests waited past <c>maxQueueWaitMs</c> for a free replica and got 503 (R13). Names whether autoscaling was off, at
/// its maximum, or still adding replicas, the replicas the sizing rule says the peak needed, and the setting to change.
/// </summary>
internal sealed class OverloadedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.Overloaded;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var router = evidence.Router;
        // 503s for want of any ready replica are no_ready_replica's, not an overload.
        var rejected = Math.Max(0, (router?.Count(503) ?? 0) - (router?.NoReplicaRejections ?? 0));
        if (router is null || rejected == 0)
        {
            return null;
        }

        var s = evidence.Settings;
        var lines = new List<string> { $"{Numbers.Share(rejected, router.TotalRequests)} answered 503 after waiting for a free replica" };
        if (router.LongestQueueWaitsMs.Count > 0)
        {
            lines.Add($"longest queue waits: {string.Join(", ", router.LongestQueueWaitsMs.Take(5).Select(Numbers.Ms))} (maxQueueWaitMs is {s.MaxQueueWaitMs})");
        }

        lines.AddRange(ScalingLines(evidence));
        var needed = Needed(router, s);
        if (needed is int n)
        {
            lines.Add($"at {Numbers.Format(router.PeakRequestsPerSecond!.Value)} requests/s of {Numbers.Ms(router.MedianRunTimeMs!.Value)} each, {n} replicas are needed (ceil(rps x seconds / {s.AutoscaleTargetUtilization}% / maxConcurrentRequestsPerContainer))");
        }

        var severity = rejected * 2 >= router.TotalRequests ? DiagnosisSeverity.Error : DiagnosisSeverity.Warning;
        return new ServiceDiagnosis(
            Code,
            $"{Numbers.Share(rejected, router.TotalRequests)} were turned away with 503: requests arrive faster than the replicas serve them.",
            lines,
            Remedy(evidence, needed),
            severity);
    }

    private static int? Needed(RouterStats router, DeploymentSettings s) =>
        router.PeakRequestsPerSecond is double rps && router.MedianRunTimeMs is double ms
            ? ReplicaSizing.ForRate(rps, ms / 1000, s.AutoscaleTargetUtilization, s.MaxConcurrentRequestsPerContainer)
            : null;

    /// <summary>How the replicas were sized: fixed, or the autoscaler's bounds and its last decision.</summary>
    private static IEnumerable<string> ScalingLines(ServiceEvidence evidence)
    {
        var s = evidence.Settings;
        if (!s.AutoscaleEnabled)
        {
            var replicas = s.NumReplicas ?? 1;
            yield return "autoscale is off: the replicas stay at numReplicas";
            yield return $"numReplicas {replicas} x maxConcurrentRequestsPerContainer {s.MaxConcurrentRequestsPerContainer} = {replicas * s.MaxConcurrentRequestsPerContainer} request(s) at a time";
            yield break;
        }

        yield return $"autoscaling up to maxReplicas {s.AutoscaleMaxReplicas} at targetUtilization {s.AutoscaleTargetUtilization}%, maxConcurrentRequestsPerContainer {s.MaxConcurrentRequestsPerContainer}";
        if (evidence.Autoscale is not { } status)
        {
            yield break;
        }

        yield return status.AtMaximum
            ? $"autoscale is at its maximum: {status.Desired} replicas decided (maxReplicas {s.AutoscaleMaxReplicas}), {status.Current} ready, and the load needs more"
            : $"autoscale was still adding replicas: {status.Current} ready of {status.Desired} decided";
        if (status.LastDecision is { } decision)
        {
            yield return status.LastDecisionAt is { } at ? $"last autoscale decision at {Numbers.Time(at)}: {decision}" : $"last autoscale decision: {decision}";
        }
    }

    private static string Remedy(ServiceEvidence evidence, int? needed)
    {
        var s = evidence.Settings;
        var then = $"then run {EvidenceScan.UpdateConfigCommand(evidence)}";
        if (!s.AutoscaleEnabled)
        {
            var current = s.NumReplicas ?? 1;
            var target = needed is int k && k > current ? k : current * 2;
            return $"Raise \"numReplicas\" in {s.ConfigFile} (now {current}) to {target}, or \"maxConcurrentRequestsPerContainer\" (now {s.MaxConcurrentRequestsPerContainer}) if run() can serve requests in parallel, or \"maxQueueWaitMs\" (now {s.MaxQueueWaitMs}) to let requests wait longer; {then}.";
        }

        var status = evidence.Autoscale;
        if (status is null && needed is null)
        {
            return $"Raise \"autoScaler.minReplicas\" to absorb spikes and \"autoScaler.maxReplicas\" in {s.ConfigFile} (now {s.AutoscaleMaxReplicas}) to {s.AutoscaleMaxReplicas * 2}, or lower \"autoScaler.targetUtilization\" (now {s.AutoscaleTargetUtilization}) so replicas are added earlier; {then}.";
        }

        if (status?.AtMaximum ?? needed > s.AutoscaleMaxReplicas)
        {
            var to = needed is int n ? Math.Max(n, s.AutoscaleMaxReplicas + 1) : s.AutoscaleMaxReplicas * 2;
            return $"Set \"autoScaler.maxReplicas\" in {s.ConfigFile} to at least {to} (now {s.AutoscaleMaxReplicas}): the autoscaler is at its maximum, or raise \"maxConcurrentRequestsPerContainer\" (now {s.MaxConcurrentRequestsPerContainer}) if run() can serve requests in parallel; {then}.";
        }

        return StillAddingRemedy(s, status, needed ?? status!.Desired, then);
    }

    /// <summary>
    /// The load rose faster than replicas start: more replicas kept running (minReplicas), or a lower target, which keeps
    /// more running for the same load. If the replicas ready before the spike ran at the target, a target of
    /// ready / needed (in percent) would have had enough of them running to take the spike at full slots.
    /// </summary>
    private static string StillAddingRemedy(DeploymentSettings s, AutoscaleStatus? status, int needed, string then)
    {
        var t = s.AutoscaleTargetUtilization;
        var before = Math.Max(1, status?.Current ?? 1);
        var lower = Math.Clamp(100 * before / Math.Max(1, needed), 1, Math.Max(1, t - 10));
        var minimum = Math.Min(Math.Max(needed, s.AutoscaleMinReplicas + 1), s.AutoscaleMaxReplicas);
        return $"Replicas could not start as fast as the load rose: set \"autoScaler.minReplicas\" in {s.ConfigFile} to at least {minimum} (now {s.AutoscaleMinReplicas}) so they run before such a spike, or \"autoScaler.targetUtilization\" to {lower} (now {t}) so replicas are added earlier; {then}.";
    }
}
