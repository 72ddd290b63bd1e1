using Berth.Api.V1;
using Berth.Diagnosis;

namespace Berth.Server.Services;

/// <summary>Gathers what the pure diagnosis rules read: settings, replica events, log tails, router counts, environment.</summary>
internal sealed class EvidenceCollector(TimeProvider time)
{
    private const int LogLines = 300;

    /// <summary>The evidence of <paramref name="service"/>; with <paramref name="only"/>, of those slots alone (a rollout's new generation).</summary>
    public ServiceEvidence Collect(ServiceRuntime service, RouteStats? stats, IReadOnlyCollection<ReplicaSlot>? only = null)
    {
        var record = service.Record;
        var launch = record.Launch;
        var slots = only ?? service.SupervisedSlots();
        var ids = slots.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return new ServiceEvidence(record.Name, record.Target)
        {
            ObservedAt = time.GetUtcNow(),
            EntryScript = launch?.EntryScriptName ?? "score.py",
            Settings = new DeploymentSettings
            {
                ConfigFile = Path.GetFileName(record.DeploymentConfigPath),
                DeploymentConfigPath = record.DeploymentConfigPath,
                InferenceConfigPath = record.InferenceConfigPath,
                MemoryInGB = record.MemoryInGB,
                Cpu = record.Cpu,
                Gpu = record.Placement is { Gpu: > 0 } placement ? placement.Gpu : null,
                LivenessProbe = record.Placement?.LivenessProbe,
                ScoringTimeoutMs = record.ScoringTimeoutMs,
                MaxQueueWaitMs = record.MaxQueueWaitMs,
                MaxConcurrentRequestsPerContainer = record.MaxConcurrentRequestsPerContainer,
                NumReplicas = record.Autoscale is null ? record.NumReplicas : null,
                AutoscaleEnabled = record.Autoscale is not null,
                AutoscaleMinReplicas = record.Autoscale?.MinReplicas ?? 1,
                AutoscaleMaxReplicas = record.Autoscale?.MaxReplicas ?? 10,
                AutoscaleTargetUtilization = record.Autoscale?.TargetUtilization ?? 70,
                WorkerCount = launch?.WorkerCount ?? 1,
                Port = record.Port,
            },
            // Only the replicas that run now (or the rollout's): a generation that is gone does not explain today's service.
            ReplicaEvents = service.ReplicaEvents().Where(e => ids.Contains(e.ReplicaId)).ToList(),
            Logs = slots.Select(s => new ReplicaLog(s.Id, TailLog(s.Directory))).ToList(),
            Router = stats is null ? null : ToRouterStats(stats),
            Environment = launch is null ? null : new EnvironmentPackages(
                launch.EnvironmentFile is null ? "the system Python" : Path.GetFileName(launch.EnvironmentFile),
                launch.EnvironmentFile is null ? null : Path.GetFileName(launch.EnvironmentFile),
                launch.PipPackages, launch.CondaPackages),
            InstallFailure = service.InstallFailure,
            PortConflict = service.PortConflict,
            InternalFailure = record.InternalFailure,
            ImagePullFailure = slots.Select(s => s.ImagePullFailure).FirstOrDefault(f => f is not null),
            PodsRefused = slots.Select(s => s.PodsRefused).FirstOrDefault(f => f is not null),
            Autoscale = service.Autoscale,
            SchedulingFailure = slots.FirstOrDefault(s => s.UnschedulableSince is not null) is { } pending
                ? new SchedulingFailure(pending.SchedulingMessage ?? "the scheduler gave no reason", time.GetUtcNow() - pending.UnschedulableSince!.Value)
                : null,
        };
    }

    /// <summary>The last lines of a replica's log, read from the end (the log and its rotated files can be large).</summary>
    private static List<string> TailLog(string directory)
    {
        var log = Path.Combine(directory, "log");
        return File.Exists(log) ? LogTail.Last(log, LogLines).Lines.ToList() : [];
    }

    private static RouterStats ToRouterStats(RouteStats stats)
    {
        var counts = stats.RequestsByStatus
            .Where(p => int.TryParse(p.Key, out _))
            .ToDictionary(p => int.Parse(p.Key), p => p.Value);
        return new RouterStats(stats.Requests, counts)
        {
            ClientErrors = stats.ClientErrors,
            NoReplicaRejections = stats.NoReplica503,
            LongestQueueWaitsMs = stats.SlowestRecent.Select(r => r.QueueWaitMs).Append(stats.QueueWaitMs.Max).OrderDescending().Take(5).ToList(),
            SlowestRunTimesMs = stats.SlowestRecent.Select(r => r.RunTimeMs ?? r.DurationMs).OrderDescending().Take(5).ToList(),
            MedianRunTimeMs = stats.RunTimeP50Ms,
            PeakRequestsPerSecond = stats.PeakRequestsPerSecond60s is > 0 ? stats.PeakRequestsPerSecond60s : null,
        };
    }
}
