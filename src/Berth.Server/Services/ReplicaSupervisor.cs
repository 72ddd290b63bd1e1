using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Security;
using Berth.Server.Routing;
using Berth.Server.Targets.Local;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// Watches a service's replicas: readiness, exits (with restart backoff), the memory limit, and the state that
/// follows from them; keeps the router's replica set equal to the ready replicas.
/// </summary>
internal sealed class ReplicaSupervisor(RouterLink router, EvidenceCollector evidence, TimeProvider time, IHttpClientFactory clients, RestartBackoffOptions backoff)
{
    private readonly CrashLoopDetector _crashLoops = new();

    public async Task TickAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        // Delete holds the gate while it stops the slots: then there is nothing to supervise.
        if (!await service.Supervision.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return;
        }

        try
        {
            await TickSlotsAsync(service, cancellationToken);
        }
        finally
        {
            service.Supervision.Release();
        }
    }

    private async Task TickSlotsAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        var record = service.Record;
        // While an operation runs it drives its own replicas; supervising them too would race it.
        if (record.State == ServiceState.Deleting || record.Launch is null || service.OperationRunning || service.IsDeleted)
        {
            return;
        }

        LogRotation.RotateAll(service.Slots.Select(s => Path.Combine(s.Directory, "log")));
        var routeChanged = false;
        foreach (var slot in service.Slots.ToList())
        {
            routeChanged |= await TickSlotAsync(service, slot, cancellationToken);
        }

        if (routeChanged)
        {
            await UpdateRouteAsync(service, cancellationToken);
        }

        UpdateState(service);
    }

    public async Task StartAsync(ServiceRuntime service, ReplicaSlot slot, CancellationToken cancellationToken)
    {
        // A deleted service starts nothing, whoever asks.
        cancellationToken.ThrowIfCancellationRequested();
        service.DeleteRequested.ThrowIfCancellationRequested();
        var launch = slot.Launch ?? service.Record.Launch!;
        slot.KilledForMemoryBytes = null;
        slot.Process = await LocalReplica.StartAsync(slot.Id, slot.Directory, launch, service.Name, NullIfEmpty(service.Record.ReplicaToken), time, cancellationToken);
        slot.Status = ReplicaStatus.Starting;
        slot.StartedAt = time.GetUtcNow();
        service.AddReplicaEvent(new ReplicaEvent(slot.Id, ReplicaEventKind.Started, slot.StartedAt) { Pid = slot.Process.Pid });
        service.Events.Add("step", $"started {slot.Id} (pid {slot.Process.Pid}), running init()");
    }

    /// <summary>Puts the ready replicas of the service behind its front door.</summary>
    public async Task UpdateRouteAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        var record = service.Record;
        var ready = service.Slots.Where(s => s.Status == ReplicaStatus.Ready && s.Process?.Url is not null)
            .Select(s => new ReplicaEndpoint(s.Id, s.Process!.Url!)).ToList();
        var status = await router.PutRouteAsync(RouteFor(record, ready), cancellationToken);
        if (record.Port != status.Port || record.ScoringUri != status.ScoringUri)
        {
            service.Update(r => r with { Port = status.Port, ScoringUri = status.ScoringUri, ClusterScoringUri = status.ClusterScoringUri });
        }
    }

    public static RouteSpec RouteFor(ServiceRecord record, IReadOnlyList<ReplicaEndpoint> replicas) => new(
        record.Name, record.Port ?? 0, replicas, record.MaxConcurrentRequestsPerContainer, record.MaxQueueWaitMs,
        record.ScoringTimeoutMs, record.AuthEnabled, record.AuthEnabled ? record.PrimaryKey : null, record.AuthEnabled ? record.SecondaryKey : null,
        NullIfEmpty(record.ReplicaToken));

    public async Task<bool> TickSlotAsync(ServiceRuntime service, ReplicaSlot slot, CancellationToken cancellationToken)
    {
        switch (slot.Status)
        {
            case ReplicaStatus.Starting or ReplicaStatus.Ready when slot.Process?.ExitCode is int code:
                var wasReady = slot.Status == ReplicaStatus.Ready;
                OnExit(service, slot, code);
                return wasReady;
            case ReplicaStatus.Starting when slot.Process?.ReadUrl() is { } url && await HttpProbe.AnswersAsync(clients.CreateClient("probe"), url + "/", cancellationToken, ReplicaHeader(service.Record)):
                slot.Status = ReplicaStatus.Ready;
                service.AddReplicaEvent(new ReplicaEvent(slot.Id, ReplicaEventKind.Ready, time.GetUtcNow()) { Pid = slot.Process.Pid });
                service.Events.Add("step", $"{slot.Id} is ready at {url} (init() took {(time.GetUtcNow() - slot.StartedAt).TotalSeconds:0.0} s)");
                return true;
            case ReplicaStatus.Ready or ReplicaStatus.Starting:
                CheckMemory(service, slot);
                return false;
            case ReplicaStatus.BackOff when time.GetUtcNow() >= slot.RestartAt:
                await StartAsync(service, slot, cancellationToken);
                return false;
            default:
                return false;
        }
    }

    private void OnExit(ServiceRuntime service, ReplicaSlot slot, int code)
    {
        var now = time.GetUtcNow();
        var exit = new ReplicaEvent(slot.Id, ReplicaEventKind.Exited, now)
        {
            ExitCode = code,
            Signal = code is > 128 and <= 128 + 64 ? SignalName(code - 128) : null,
            OomKilled = slot.KilledForMemoryBytes is not null,
            MemoryBytes = slot.KilledForMemoryBytes,
            Pid = slot.Process?.Pid,
        };
        service.AddReplicaEvent(exit);
        var plan = RestartBackoff.Next(slot.Restarts, slot.StartedAt, now, backoff);
        slot.Status = ReplicaStatus.BackOff;
        slot.Restarts = plan.Restarts;
        slot.RestartAt = plan.RestartAt;
        slot.LastExit = exit.DescribeExit();
        service.SaveSlots();
        service.Events.Add("replica", $"{slot.Id} exited with {slot.LastExit}; restarting in {plan.Delay.TotalSeconds:0} s (restart {plan.Restarts})");
    }

    private void CheckMemory(ServiceRuntime service, ReplicaSlot slot)
    {
        if (service.Record.MemoryInGB is not double limitGb || slot.Process is null || slot.KilledForMemoryBytes is not null)
        {
            return;
        }

        var used = slot.Process.MemoryBytes();
        if (used > limitGb * 1024 * 1024 * 1024)
        {
            slot.KilledForMemoryBytes = used;
            service.Events.Add("replica", $"{slot.Id} uses {used / 1048576.0:0} MiB, over memoryInGB {limitGb}; killing it (the memory limit)");
            ProcessTree.Signal(slot.Process.Pid, ProcessTree.SigKill);
        }
    }

    /// <summary>Applies Core's state rule; the diagnosis is computed only when the service turns Failed.</summary>
    private void UpdateState(ServiceRuntime service)
    {
        var record = service.Record;
        var status = ServiceStateRules.Derive(new ServiceStateInput
        {
            DesiredReplicas = service.Slots.Count,
            ReadyReplicas = service.Slots.Count(s => s.Status == ReplicaStatus.Ready),
            CrashLoop = _crashLoops.Evaluate(service.ReplicaEvents()),
            // A failed deployment stays Failed while its replicas retry in the background.
            StartFailureCertain = record.State == ServiceState.Failed,
            OperationInProgress = record.State == ServiceState.Transitioning,
        });
        if (status.State == record.State && status.Detail == record.StateDetail)
        {
            return;
        }

        var error = status.State == ServiceState.Failed
            ? DiagnosisEngine.Default.Diagnose(evidence.Collect(service, null)).Select(Dto).FirstOrDefault() ?? record.LastError
            : null;
        service.SetState(status.State, status.Detail, error, clearError: status.State == ServiceState.Healthy);
    }

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;

    /// <summary>The replica secret header for the readiness probe, when the service has a secret.</summary>
    private static (string Name, string Value)? ReplicaHeader(ServiceRecord record) =>
        record.ReplicaToken.Length > 0 ? (ReplicaSecret.HeaderName, record.ReplicaToken) : null;

    internal static DiagnosisDto Dto(ServiceDiagnosis d) => new(d.Code, d.Summary, d.Evidence, d.Remedy, d.Severity.ToString());

    private static string SignalName(int signal) => signal switch
    {
        9 => "SIGKILL",
        15 => "SIGTERM",
        6 => "SIGABRT",
        11 => "SIGSEGV",
        2 => "SIGINT",
        _ => $"signal {signal}",
    };
}
