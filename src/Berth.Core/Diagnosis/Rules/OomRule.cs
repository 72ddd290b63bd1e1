using Berth.Diagnosis.Parsing;
using Berth.Services;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// A replica or worker was killed by the memory limit: an OOM-killed exit, exit code 137 / SIGKILL, gunicorn's
/// "Perhaps out of memory?", or <c>Booting worker with pid</c> again and again with no worker ready (R8).
/// </summary>
internal sealed class OomRule : IDiagnosisRule
{
    private const double GiB = 1024d * 1024 * 1024;

    public string Code => DiagnosisCodes.Oom;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var settings = evidence.Settings;
        var kills = evidence.ReplicaEvents
            .Where(e => e.Kind == ReplicaEventKind.Exited && !e.KilledByLivenessProbe && (e.OomKilled || e.ExitCode == ReplicaExitCodes.Sigkill || e.Signal == "SIGKILL"))
            .ToList();
        var workerKills = EvidenceScan.Lines(evidence).Where(l => LogLines.IsWorkerOomKill(l.Line)).ToList();
        var reboots = evidence.Logs
            .Select(l => (l.ReplicaId, Boots: WorkerBoots.Unready(l.Lines)))
            .Where(x => x.Boots.Count > settings.WorkerCount + 1)
            .ToList();
        if (kills.Count == 0 && workerKills.Count == 0 && reboots.Count == 0)
        {
            return null;
        }

        var lines = new List<string>();
        lines.AddRange(kills.TakeLast(3).Select(k =>
            $"{k.ReplicaId} exited with {k.DescribeExit()} at {Numbers.Time(k.At)}{(k.MemoryBytes is long b ? $", using {Numbers.Mib(b)}" : string.Empty)}"));
        lines.AddRange(workerKills.TakeLast(3).Select(w => $"[{w.ReplicaId}] {LogLines.Clip(w.Line)}"));
        foreach (var (replica, boots) in reboots)
        {
            lines.Add($"'{LogLines.BootingWorker}' appears {boots.Count} times in {replica}'s log with no worker becoming ready:");
            lines.AddRange(boots.Take(3).Select(b => "  " + LogLines.Clip(b)));
        }

        lines.Add(settings.MemoryInGB is double gb
            ? $"memoryInGB is {Numbers.Format(gb)} ({Numbers.Mib((long)(gb * GiB))})"
            : "memoryInGB is not set: the replica had no memory limit of its own, so the machine ran out of memory");

        var peak = kills.Select(k => k.MemoryBytes).Max();
        var suggested = Suggest(settings.MemoryInGB, peak);
        var now = settings.MemoryInGB is double current ? $"now {Numbers.Format(current)}" : "now not set";
        var sure = kills.Any(k => k.OomKilled) || workerKills.Count > 0 || reboots.Count > 0;
        return new ServiceDiagnosis(
            Code,
            sure ? "A replica ran out of memory and was killed; its worker cannot start within the memory it has."
                 : "A replica was killed with SIGKILL (exit code 137), most likely by its memory limit.",
            lines,
            $"Set \"containerResourceRequirements\": {{\"memoryInGB\": {Numbers.Format(suggested)}}} in {settings.ConfigFile} ({now}), then run {EvidenceScan.UpdateConfigCommand(evidence)}.",
            DiagnosisSeverity.Error);
    }

    /// <summary>Twice the current limit (default 0.5), or 1.25 × the peak seen if more, rounded up to 0.5 GB.</summary>
    internal static double Suggest(double? currentGb, long? peakBytes)
    {
        var wanted = Math.Max((currentGb ?? 0.5) * 2, peakBytes is long p ? p / GiB * 1.25 : 0);
        return Math.Ceiling(wanted * 2) / 2;
    }
}
