using System.Text.Json;
using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Server.Targets;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// A service while the server runs: its record, its replica slots, its event log and the facts the diagnosis
/// rules read. <see cref="Operation"/> serialises deploy, update, reload and delete (a second one gets 409);
/// <see cref="Supervision"/> keeps the supervisor's tick and delete apart. Once <see cref="MarkDeleted"/> is called
/// nothing of this service is written again (record, slots), so an operation that outlives its delete cannot bring
/// it back.
/// </summary>
internal sealed class ServiceRuntime
{
    private readonly ServiceStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<ReplicaEvent> _replicaEvents = [];
    private readonly CancellationTokenSource _deleteRequested = new();
    private ServiceRecord _record;
    private bool _deleted;

    public ServiceRuntime(ServiceRecord record, string directory, ServiceStore store, TimeProvider time)
    {
        _record = record;
        _store = store;
        _time = time;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Events = new ServiceEventLog(Path.Combine(directory, "events.log"), time);
    }

    public string Name => _record.Name;

    public string Directory { get; }

    public ServiceEventLog Events { get; }

    public SemaphoreSlim Operation { get; } = new(1, 1);

    public bool OperationRunning => Operation.CurrentCount == 0;

    /// <summary>Since when the router (and so this service's front door) has not answered; set by the supervision loop.</summary>
    public DateTimeOffset? FrontDoorDownSince { get; set; }

    /// <summary>Held by the supervisor while it ticks this service's slots, and by delete while it stops them.</summary>
    public SemaphoreSlim Supervision { get; } = new(1, 1);

    /// <summary>Cancelled when delete begins: every operation of this service runs under it.</summary>
    public CancellationToken DeleteRequested => _deleteRequested.Token;

    /// <summary>True once the service is deleted: its record and slots are never written again.</summary>
    public bool IsDeleted
    {
        get
        {
            lock (_gate)
            {
                return _deleted;
            }
        }
    }

    public List<ReplicaSlot> Slots { get; private set; } = [];

    /// <summary>The stopped replicas of the last rollout that failed while the previous generation kept serving: their logs stay visible.</summary>
    public IReadOnlyList<ReplicaSlot> FailedSlots { get; set; } = [];

    /// <summary>The generation being rolled out, while a deploy, update or reload waits for it; changed under <see cref="Supervision"/>.</summary>
    public Rollout? Rollout { get; set; }

    /// <summary>The replica restarted under a debugger (<c>berth service debug</c>), while it is still one of the service's slots; changed under <see cref="Supervision"/>.</summary>
    public DebugSession? Debug
    {
        get => _debug is { } d && Slots.Contains(d.Slot) ? d : null;
        set => _debug = value;
    }

    private DebugSession? _debug;

    /// <summary>The slots the supervision loop looks after: the serving ones and, until its verdict, the rollout's.</summary>
    public IReadOnlyList<ReplicaSlot> SupervisedSlots() =>
        Rollout is { IsDecided: false } rollout ? Slots.Union(rollout.Slots).ToList() : Slots.ToList();

    public InstallFailure? InstallFailure { get; set; }

    /// <summary>The autoscaler's memory between its evaluations (<see cref="Autoscaler"/>); back to the start with each new generation.</summary>
    public Berth.Services.Autoscaling.AutoscaleState AutoscaleState { get; set; } = Berth.Services.Autoscaling.AutoscaleState.Initial;

    /// <summary>The autoscaler's last word: desired and ready replicas, the utilization it saw, the last decision; null before it looked.</summary>
    public AutoscaleStatus? Autoscale { get; set; }

    /// <summary>When the autoscaler last found the load above <c>maxReplicas</c>.</summary>
    public DateTimeOffset? AtMaximumAt { get; set; }

    /// <summary>When the autoscaler looks next.</summary>
    public DateTimeOffset NextAutoscaleAt { get; set; }

    public PortConflict? PortConflict { get; set; }

    public ServiceRecord Record
    {
        get
        {
            lock (_gate)
            {
                return _record;
            }
        }
    }

    /// <summary>Changes and saves the record; after <see cref="MarkDeleted"/> it changes nothing and returns the last record.</summary>
    public ServiceRecord Update(Func<ServiceRecord, ServiceRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            if (_deleted)
            {
                return _record;
            }

            var updated = change(_record) with { UpdatedAt = _time.GetUtcNow() };
            _store.Save(updated);
            _record = updated;
            return updated;
        }
    }

    /// <summary>Cancels the service's running and future operations (delete has begun).</summary>
    public void RequestDelete() => _deleteRequested.Cancel();

    /// <summary>From now on nothing of this service is saved: the caller removes its record and folder.</summary>
    public void MarkDeleted()
    {
        _deleteRequested.Cancel();
        lock (_gate)
        {
            _deleted = true;
        }
    }

    /// <summary>Sets the state (and detail), logging a state event when it changes.</summary>
    public void SetState(ServiceState state, string? detail = null, DiagnosisDto? error = null, bool clearError = false)
    {
        var before = Record;
        if (before.State == state && before.StateDetail == detail && error is null && !clearError)
        {
            return;
        }

        Update(r => r with
        {
            State = state, StateDetail = detail, LastError = clearError ? null : error ?? r.LastError, InternalFailure = clearError ? null : r.InternalFailure,
        });
        if (before.State != state || before.StateDetail != detail)
        {
            Events.Add("state", ServiceStateDetails.Format(state, detail));
        }
    }

    public void AddReplicaEvent(ReplicaEvent replicaEvent)
    {
        lock (_gate)
        {
            _replicaEvents.Add(replicaEvent);
            if (_replicaEvents.Count > 200)
            {
                _replicaEvents.RemoveAt(0);
            }
        }
    }

    public IReadOnlyList<ReplicaEvent> ReplicaEvents()
    {
        lock (_gate)
        {
            return _replicaEvents.ToList();
        }
    }

    public void ReplaceSlots(List<ReplicaSlot> slots)
    {
        Slots = slots;
        SaveSlots();
    }

    /// <summary>
    /// Writes <c>replicas.json</c> (each slot's folder, restart count and last exit) atomically: a temporary file, then a
    /// rename, so a server killed while writing leaves the previous file whole. Nothing is written once deleted.
    /// </summary>
    public void SaveSlots()
    {
        lock (_gate)
        {
            if (_deleted)
            {
                return;
            }

            var saved = Slots.Select(s => new SavedSlot(s.Id, s.Directory, s.Restarts, s.LastExit)).ToList();
            var target = Path.Combine(Directory, "replicas.json");
            var temporary = target + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(saved));
            File.Move(temporary, target, overwrite: true);
        }
    }

    /// <summary>Slots saved by a previous server, with their replicas adopted from <paramref name="target"/> when they still run, and their restart counts and last exits.</summary>
    public List<ReplicaSlot> LoadSavedSlots(IDeploymentTarget target)
    {
        var file = Path.Combine(Directory, "replicas.json");
        if (!File.Exists(file))
        {
            return [];
        }

        var saved = JsonSerializer.Deserialize<List<SavedSlot>>(File.ReadAllText(file)) ?? [];
        return saved.Select(s =>
        {
            var slot = new ReplicaSlot(s.Id, s.Directory)
            {
                Replica = target.Adopt(s.Id, s.Directory), StartedAt = _time.GetUtcNow(), Restarts = s.Restarts, LastExit = s.LastExit,
                RestartAt = _time.GetUtcNow(),
            };
            slot.Status = slot.Replica?.Observe() is { Running: true } ? ReplicaPhase.Starting : ReplicaPhase.BackOff;
            return slot;
        }).ToList();
    }

    public ServiceDto ToDto()
    {
        var record = Record;
        var doorDown = FrontDoorDownSince;
        // With the front door down nothing is served: a Healthy service is shown Unhealthy, saying why.
        var (state, detail) = doorDown is { } since && record.State == ServiceState.Healthy
            ? (ServiceState.Unhealthy.ToString(), $"front door down since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z: the router does not answer")
            : (record.State.ToString(), record.StateDetail);
        return new ServiceDto(
            record.Name, state, detail, record.Target.ToString().ToLowerInvariant(), record.Models,
            record.Launch?.EntryScriptName ?? "-", record.ScoringUri, record.ScoringUri?.Replace("/score", "/swagger.json", StringComparison.Ordinal),
            record.ClusterScoringUri, record.Port, record.AuthEnabled, Slots.Select(s => s.ToDto()).ToList(), record.LastError, record.CreatedAt, record.UpdatedAt,
            record.InferenceConfigPath, record.ConfigSource, doorDown)
        {
            Autoscale = record.Autoscale is { } a
                ? new AutoscaleDto(a.MinReplicas, a.MaxReplicas, a.TargetUtilization, a.RefreshPeriodInSeconds, Autoscale?.Desired ?? Slots.Count,
                    Slots.Count(s => s.Status == ReplicaPhase.Ready), Autoscale?.Utilization, Autoscale?.AtMaximum ?? false, Autoscale?.LastDecision, Autoscale?.LastDecisionAt)
                : null,
        };
    }

    private sealed record SavedSlot(string Id, string Directory, int Restarts = 0, string? LastExit = null);
}
