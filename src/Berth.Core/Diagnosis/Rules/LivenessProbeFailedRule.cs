using Berth.Configuration;
using Berth.Diagnosis.Parsing;
using Berth.Services;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// The cluster's kubelet killed a replica because its liveness probe failed. Before the replica was ever ready this is
/// an <c>init()</c> slower than the probe waits (<c>initialDelaySeconds</c> + <c>periodSeconds</c> x
/// <c>failureThreshold</c>), and the remedy is a longer initial delay; after it, the replica stopped answering.
/// </summary>
internal sealed class LivenessProbeFailedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.LivenessProbeFailed;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.CrashLoop];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var kills = evidence.ReplicaEvents.Where(e => e.Kind == ReplicaEventKind.Exited && e.KilledByLivenessProbe).ToList();
        if (kills.Count == 0)
        {
            return null;
        }

        var s = evidence.Settings;
        var probe = s.LivenessProbe ?? LivenessProbeSettings.Default;
        var allows = probe.InitialDelaySeconds + (probe.PeriodSeconds * probe.FailureThreshold);
        var duringInit = kills.Where(k => !evidence.ReplicaEvents.Any(e => e.ReplicaId == k.ReplicaId && e.Kind == ReplicaEventKind.Ready && e.At < k.At)).ToList();
        var lines = kills.Select(k => $"[{k.ReplicaId}] {k.DescribeExit()} at {k.At:HH:mm:ss}").ToList();
        lines.Add($"livenessProbeRequirements: initialDelaySeconds {probe.InitialDelaySeconds}, periodSeconds {probe.PeriodSeconds}, timeoutSeconds {probe.TimeoutSeconds}, failureThreshold {probe.FailureThreshold}: about {allows} s before the first kill");
        var retry = EvidenceScan.UpdateConfigCommand(evidence);
        return duringInit.Count > 0
            ? new ServiceDiagnosis(
                Code,
                $"The liveness probe killed the replica before init() finished: init() takes longer than the probe's {allows} s.",
                lines,
                $"Raise \"livenessProbeRequirements.initialDelaySeconds\" in {s.ConfigFile} (now {probe.InitialDelaySeconds}) above how long init() takes (its log shows when it started; the platform's default is 310), or make init() faster; then run {retry}.",
                DiagnosisSeverity.Error)
            : new ServiceDiagnosis(
                Code,
                $"The liveness probe killed a ready replica: it did not answer within {probe.TimeoutSeconds} s, {probe.FailureThreshold} times in a row.",
                lines,
                $"Look for a run() that blocks every worker (`berth service logs`), or raise \"livenessProbeRequirements.timeoutSeconds\" or \"failureThreshold\" in {s.ConfigFile}; then run {retry}.",
                DiagnosisSeverity.Error);
    }
}
