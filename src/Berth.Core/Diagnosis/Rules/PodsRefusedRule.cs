using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// The namespace refused the replicas' pods (a ResourceQuota, a LimitRange, an admission policy): nothing will run until
/// the requests fit or the namespace's rules change, so the deploy fails at once with the cluster's words.
/// </summary>
internal sealed class PodsRefusedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.PodsRefused;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.CrashLoop];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.PodsRefused is not { } refused)
        {
            return null;
        }

        var s = evidence.Settings;
        var asked = $"cpu {Numbers.Format(s.Cpu ?? 0.1)}, memoryInGB {Numbers.Format(s.MemoryInGB ?? 0.5)}";
        var retry = EvidenceScan.UpdateConfigCommand(evidence);
        var remedy = refused.ByQuota
            ? $"Each replica asks for {asked} (\"containerResourceRequirements\" in {s.ConfigFile}). Lower them so the replicas fit what the quota has left, or delete what else uses it, or ask for a larger quota (`kubectl describe resourcequota -n {refused.Namespace}` shows it); then run {retry}."
            : $"Ask the cluster's administrator what namespace {refused.Namespace} allows (its LimitRange and admission policies), or attach a compute target with another namespace; then run {retry}.";
        return new ServiceDiagnosis(
            Code,
            refused.ByQuota
                ? $"The namespace {refused.Namespace} refused the replicas' pods: its resource quota is exceeded."
                : $"The namespace {refused.Namespace} refused the replicas' pods.",
            [$"[{refused.ReplicaId}] {LogLines.Clip(refused.Message)}"],
            remedy,
            DiagnosisSeverity.Error);
    }
}
