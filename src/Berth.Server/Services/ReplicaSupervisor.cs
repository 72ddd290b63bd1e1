using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Security;
using Berth.Server.Routing;
using Berth.Server.Targets;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// The one supervision loop's work on a service, each tick: observe every replica through its target, let Core's
/// <see cref="ReplicaRules"/> decide (ready, exited with backoff, restart, memory kill) and carry the decision out; decide
/// a running rollout with <see cref="RolloutRules"/> (failing at once only when <see cref="DeploymentFailure.IsCertain"/>)
/// and swap it in when it is ready; keep the router's replica set equal to the ready replicas; derive the state.
/// Nothing else changes a started slot, so no two components drive one slot.
/// </summary>
internal sealed class ReplicaSupervisor(
    RouterLink router, EvidenceCollector evidence, DeploymentTargets targets, TimeProvider time, IHttpClientFactory clients, RestartBackoffOptions backoff)
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
        if (record.State == ServiceState.Deleting || record.Launch is null || service.IsDeleted)
        {
            return;
        }

        var slots = service.SupervisedSlots();
        LogRotation.RotateAll(slots.Select(s => Path.Combine(s.Directory, "log")));
        var routeChanged = false;
        foreach (var slot in slots)
        {
            routeChanged |= await TickSlotAsync(service, slot, cancellationToken) && service.Slots.Contains(slot);
        }

        if (service.Rollout is { IsDecided: false } rollout)
        {
            await DecideRolloutAsync(service, rollout, cancellationToken);
        }

        if (routeChanged)
        {
            await UpdateRouteAsync(service, cancellationToken);
        }

        // While an operation runs, it sets the state (Transitioning, then its outcome).
        if (!service.OperationRunning)
        {
            UpdateState(service);
        }
    }

    /// <summary>
    /// Starts the slot's replica on the service's target. Called by the deployer for a new generation (under the
    /// service's <see cref="ServiceRuntime.Supervision"/> gate) and by the loop when a backoff is over.
    /// </summary>
    public async Task StartAsync(ServiceRuntime service, ReplicaSlot slot, CancellationToken cancellationToken)
    {
        // A deleted service starts nothing, whoever asks.
        cancellationToken.ThrowIfCancellationRequested();
        service.DeleteRequested.ThrowIfCancellationRequested();
        var record = service.Record;
        var launch = slot.Launch ?? record.Launch!;
        slot.KilledForMemoryBytes = null;
        slot.WorkerOomKills = 0;
        slot.Url = null;
        var replica = await targets.For(record.Target).StartAsync(
            new ReplicaSpec(slot.Id, slot.Directory, launch, service.Name, NullIfEmpty(record.ReplicaToken))
            {
                MemoryInGB = record.MemoryInGB, Cpu = record.Cpu, Generation = GenerationOf(slot.Id), Placement = record.Placement,
            },
            cancellationToken);
        slot.Replica = replica;
        slot.Status = ReplicaPhase.Starting;
        slot.StartedAt = time.GetUtcNow();
        service.AddReplicaEvent(new ReplicaEvent(slot.Id, ReplicaEventKind.Started, slot.StartedAt) { Pid = replica.Pid });
        service.Events.Add("step", $"started {slot.Id} ({replica.Handle}), {(IsOnnx(slot, record) ? "loading the ONNX model" : "running init()")}");
    }

    /// <summary>Whether the slot serves an .onnx file with no entry script (its progress says so instead of init()).</summary>
    private static bool IsOnnx(ReplicaSlot slot, ServiceRecord record) =>
        (slot.Launch ?? record.Launch) is { } launch && Targets.ReplicaVariables.IsOnnxModel(launch.EntryScript);

    /// <summary>The generation in a slot id (<c>g3-r1</c>: 3).</summary>
    internal static int GenerationOf(string slotId) =>
        int.TryParse(slotId.AsSpan(1, Math.Max(0, slotId.IndexOf('-', StringComparison.Ordinal) - 1)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation) ? generation : 0;

    /// <summary>Puts the ready replicas of the service behind its front door.</summary>
    public async Task UpdateRouteAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        var record = service.Record;
        var ready = service.Slots.Where(s => s.Status == ReplicaPhase.Ready && s.Url is not null)
            .Select(s => new ReplicaEndpoint(s.Id, s.Url!)).ToList();
        var route = RouteFor(record, ready);
        if (service.Debug is not null)
        {
            route = route with { ScoringTimeoutMs = int.MaxValue }; // a request may stop at a breakpoint as long as the user looks
        }

        var status = await router.PutRouteAsync(route, cancellationToken);
        if (record.Port != status.Port || record.ScoringUri != status.ScoringUri)
        {
            service.Update(r => r with { Port = status.Port, ScoringUri = status.ScoringUri, ClusterScoringUri = status.ClusterScoringUri });
        }
    }

    public static RouteSpec RouteFor(ServiceRecord record, IReadOnlyList<ReplicaEndpoint> replicas) => new(
        record.Name, record.Port ?? 0, replicas, record.MaxConcurrentRequestsPerContainer, record.MaxQueueWaitMs,
        record.ScoringTimeoutMs, record.AuthEnabled, record.AuthEnabled ? record.PrimaryKey : null, record.AuthEnabled ? record.SecondaryKey : null,
        NullIfEmpty(record.ReplicaToken));

    /// <summary>Observes one slot, decides, acts. Returns true when the slot joined or left the ready set.</summary>
    private async Task<bool> TickSlotAsync(ServiceRuntime service, ReplicaSlot slot, CancellationToken cancellationToken)
    {
        if (slot.Status == ReplicaPhase.Stopped || (slot.Replica is null && slot.Status != ReplicaPhase.BackOff))
        {
            return false; // stopped on purpose, or not started yet by its rollout
        }

        var record = service.Record;
        var state = slot.State;
        var observation = slot.Replica?.Observe() ?? new ReplicaObservation();
        if (ReplicaRules.ShouldProbe(state, observation))
        {
            observation = observation with
            {
                Answers = await HttpProbe.AnswersAsync(clients.CreateClient("probe"), observation.Url + "/", cancellationToken, ReplicaHeader(record)),
            };
        }

        NoteTargetFacts(service, slot, observation);

        switch (ReplicaRules.Decide(slot.Id, state, observation, record.MemoryInGB, time.GetUtcNow(), backoff))
        {
            case ReplicaDecision.BecomeReady ready:
                slot.Status = ReplicaPhase.Ready;
                slot.Url = ready.Url;
                service.AddReplicaEvent(new ReplicaEvent(slot.Id, ReplicaEventKind.Ready, time.GetUtcNow()) { Pid = slot.Replica?.Pid });
                service.Events.Add("step", $"{slot.Id} is ready at {ready.Url} ({(IsOnnx(slot, record) ? "loading the model" : "init()")} took {ready.InitTook.TotalSeconds:0.0} s)");
                return true;
            case ReplicaDecision.Exited exited:
                OnExit(service, slot, exited, observation.Message);
                return exited.WasReady;
            case ReplicaDecision.KillForMemory kill:
                slot.KilledForMemoryBytes = kill.UsedBytes;
                service.Events.Add("replica", $"{slot.Id} uses {kill.UsedBytes / 1048576.0:0} MiB, over memoryInGB {record.MemoryInGB}; killing it (the memory limit)");
                slot.Replica?.Kill();
                return false;
            case ReplicaDecision.Restart:
                await StartAsync(service, slot, cancellationToken);
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Keeps what the target says beyond running or not on the slot, each news once in the events: the scheduler cannot
    /// place it, the node cannot pull its image, the namespace refuses its pod, the kernel killed one of its workers for memory.
    /// </summary>
    private void NoteTargetFacts(ServiceRuntime service, ReplicaSlot slot, ReplicaObservation observation)
    {
        if (observation.Unschedulable)
        {
            if (slot.UnschedulableSince is null || slot.SchedulingMessage != observation.Message)
            {
                service.Events.Add("replica", $"{slot.Id} cannot be scheduled: {observation.Message}");
            }

            slot.UnschedulableSince ??= time.GetUtcNow();
            slot.SchedulingMessage = observation.Message;
        }
        else if (slot.UnschedulableSince is not null)
        {
            slot.UnschedulableSince = null;
            slot.SchedulingMessage = null;
            service.Events.Add("replica", $"{slot.Id} is scheduled");
        }

        if (observation.ImagePull is var (reason, message, image))
        {
            if (slot.ImagePullFailure is null)
            {
                service.Events.Add("replica", $"{slot.Id} cannot pull its image {image}: {reason}: {message}");
            }

            slot.ImagePullFailure = new Berth.Diagnosis.ImagePullFailure(slot.Id, reason, message, image);
        }
        else
        {
            slot.ImagePullFailure = null;
        }

        if (observation.CreateRefused is var (@namespace, refusal))
        {
            if (slot.PodsRefused is null)
            {
                service.Events.Add("replica", $"the cluster refuses to create the pod of {slot.Id} in namespace {@namespace}: {refusal}");
            }

            slot.PodsRefused = new Berth.Diagnosis.PodsRefused(slot.Id, @namespace, refusal);
        }
        else
        {
            slot.PodsRefused = null;
        }

        if (observation.OomKills > slot.WorkerOomKills && observation.ExitCode is null)
        {
            slot.WorkerOomKills = observation.OomKills;
            service.Events.Add("replica", $"the kernel's OOM killer ended a worker of {slot.Id} (memoryInGB {service.Record.MemoryInGB}); the replica boots a new one ({observation.OomKills} so far)");
        }
    }

    /// <summary>Records an exit and schedules the restart; <paramref name="why"/> is what the target said about the end (a container removed behind Berth's back, the engine's error), or null.</summary>
    private void OnExit(ServiceRuntime service, ReplicaSlot slot, ReplicaDecision.Exited exited, string? why)
    {
        var exit = exited.Exit with { Pid = slot.Replica?.Pid };
        service.AddReplicaEvent(exit);
        slot.Status = ReplicaPhase.BackOff;
        slot.Url = null;
        slot.Restarts = exited.Plan.Restarts;
        slot.RestartAt = exited.Plan.RestartAt;
        slot.LastExit = why is { Length: > 0 } ? $"{exit.DescribeExit()}: {why}" : exit.DescribeExit();
        service.SaveSlots();
        service.Events.Add("replica", $"{slot.Id} exited with {slot.LastExit}; restarting in {exited.Plan.Delay.TotalSeconds:0} s (restart {exited.Plan.Restarts})");
    }

    /// <summary>
    /// Decides the rollout: ready → the new slots replace the serving ones (the route follows); a certain failure, a
    /// crash loop or the deadline → the deployer is told, and the slots it started are no longer looked after unless they
    /// serve. The diagnosis is computed only once one of the new replicas has exited, lost a worker to the OOM killer or
    /// cannot pull its image.
    /// </summary>
    private async Task DecideRolloutAsync(ServiceRuntime service, Rollout rollout, CancellationToken cancellationToken)
    {
        var ids = rollout.Slots.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var events = service.ReplicaEvents().Where(e => ids.Contains(e.ReplicaId)).ToList();
        var oomKills = rollout.Slots.Where(s => s.Status != ReplicaPhase.Ready).Select(s => s.WorkerOomKills).DefaultIfEmpty(0).Max();
        var worthDiagnosing = events.Any(e => e.Kind == ReplicaEventKind.Exited) || oomKills > 0 || rollout.Slots.Any(s => s.ImagePullFailure is not null || s.PodsRefused is not null);
        var verdict = RolloutRules.Decide(new RolloutInput
        {
            Desired = rollout.Slots.Count,
            Ready = rollout.Slots.Count(s => s.Status == ReplicaPhase.Ready),
            FailureCertain = worthDiagnosing && DeploymentFailure.IsCertain(DiagnosisEngine.Default.Diagnose(evidence.Collect(service, null, rollout.Slots))),
            CrashLoop = _crashLoops.Evaluate(events),
            WorkerOomKills = oomKills,
            UnschedulableFor = rollout.Slots.Min(s => s.UnschedulableSince) is { } since ? time.GetUtcNow() - since : null,
            SchedulingTimeout = rollout.SchedulingTimeout,
            Now = time.GetUtcNow(),
            Deadline = rollout.Deadline,
        });
        if (verdict == RolloutVerdict.Waiting)
        {
            return;
        }

        if (verdict == RolloutVerdict.Ready)
        {
            rollout.Retired = service.Slots.Where(s => !rollout.Slots.Contains(s)).ToList();
            service.ReplaceSlots(rollout.Slots.ToList());
            await UpdateRouteAsync(service, cancellationToken);
        }

        rollout.Decide(verdict);
    }

    /// <summary>Applies Core's state rule; the diagnosis is computed only when the service turns Failed.</summary>
    private void UpdateState(ServiceRuntime service)
    {
        var record = service.Record;
        var status = ServiceStateRules.Derive(new ServiceStateInput
        {
            DesiredReplicas = service.Slots.Count,
            ReadyReplicas = service.Slots.Count(s => s.Status == ReplicaPhase.Ready),
            CrashLoop = _crashLoops.Evaluate(CurrentEvents(service)),
            Unschedulable = service.Slots.Any(s => s.UnschedulableSince is not null),
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

    /// <summary>The events of the replicas the service runs now, not of generations that are gone.</summary>
    private static List<ReplicaEvent> CurrentEvents(ServiceRuntime service)
    {
        var ids = service.Slots.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return service.ReplicaEvents().Where(e => ids.Contains(e.ReplicaId)).ToList();
    }

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;

    /// <summary>The replica secret header for the readiness probe, when the service has a secret.</summary>
    private static (string Name, string Value)? ReplicaHeader(ServiceRecord record) =>
        record.ReplicaToken.Length > 0 ? (ReplicaSecret.HeaderName, record.ReplicaToken) : null;

    internal static DiagnosisDto Dto(ServiceDiagnosis d) => new(d.Code, d.Summary, d.Evidence, d.Remedy, d.Severity.ToString());
}
