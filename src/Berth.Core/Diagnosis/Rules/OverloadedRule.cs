using Berth.Diagnosis.Parsing;
using Berth.Services;

namespace Berth.Diagnosis.Rules;

/// <summary>Requests waited past <c>maxQueueWaitMs</c> for a free replica and got 503 (R13).</summary>
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
        var replicas = s.NumReplicas ?? 1;
        var lines = new List<string> { $"{Numbers.Share(rejected, router.TotalRequests)} answered 503 after waiting for a free replica" };
        if (router.LongestQueueWaitsMs.Count > 0)
        {
            lines.Add($"longest queue waits: {string.Join(", ", router.LongestQueueWaitsMs.Take(5).Select(Numbers.Ms))} (maxQueueWaitMs is {s.MaxQueueWaitMs})");
        }

        lines.Add(s.AutoscaleEnabled
            ? $"autoscaling up to maxReplicas {s.AutoscaleMaxReplicas} at targetUtilization {s.AutoscaleTargetUtilization}%, maxConcurrentRequestsPerContainer {s.MaxConcurrentRequestsPerContainer}"
            : $"numReplicas {replicas} x maxConcurrentRequestsPerContainer {s.MaxConcurrentRequestsPerContainer} = {replicas * s.MaxConcurrentRequestsPerContainer} request(s) at a time");
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

    private static int? Needed(RouterStats router, DeploymentSettings s)
    {
        if (router.PeakRequestsPerSecond is not double rps || router.MedianRunTimeMs is not double ms)
        {
            return null;
        }

        var replicas = rps * (ms / 1000) / (s.AutoscaleTargetUtilization / 100.0) / Math.Max(1, s.MaxConcurrentRequestsPerContainer);
        return Math.Max(1, (int)Math.Ceiling(replicas));
    }

    private static string Remedy(ServiceEvidence evidence, int? needed)
    {
        var s = evidence.Settings;
        var file = s.ConfigFile;
        var then = $"then run {EvidenceScan.UpdateConfigCommand(evidence)}";
        if (evidence.Target == ServiceTargetKind.Kubernetes && s.AutoscaleEnabled)
        {
            var to = needed is int n ? Math.Max(n, s.AutoscaleMaxReplicas + 1) : s.AutoscaleMaxReplicas * 2;
            return $"Raise \"autoScaler.minReplicas\" to absorb spikes and \"autoScaler.maxReplicas\" in {file} (now {s.AutoscaleMaxReplicas}) to {to}, or lower \"autoScaler.targetUtilization\" (now {s.AutoscaleTargetUtilization}) so replicas are added earlier; {then}.";
        }

        var current = s.NumReplicas ?? 1;
        var target = needed is int k && k > current ? k : current * 2;
        return $"Raise \"numReplicas\" in {file} (now {current}) to {target}, or \"maxConcurrentRequestsPerContainer\" (now {s.MaxConcurrentRequestsPerContainer}) if run() can serve requests in parallel, or \"maxQueueWaitMs\" (now {s.MaxQueueWaitMs}) to let requests wait longer; {then}.";
    }
}
