using System.Text.Json;
using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Server.Targets.Local;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// A service while the server runs: its record, its replica slots, its event log and the facts the diagnosis
/// rules read. <see cref="Operation"/> serialises deploy, update, reload and delete (a second one gets 409).
/// </summary>
internal sealed class ServiceRuntime
{
    private readonly ServiceStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<ReplicaEvent> _replicaEvents = [];
    private ServiceRecord _record;

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

    public List<ReplicaSlot> Slots { get; private set; } = [];

    public InstallFailure? InstallFailure { get; set; }

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

    public ServiceRecord Update(Func<ServiceRecord, ServiceRecord> change)
    {
        ServiceRecord updated;
        lock (_gate)
        {
            updated = change(_record) with { UpdatedAt = _time.GetUtcNow() };
            _record = updated;
        }

        _store.Save(updated);
        return updated;
    }

    /// <summary>Sets the state (and detail), logging a state event when it changes.</summary>
    public void SetState(ServiceState state, string? detail = null, DiagnosisDto? error = null, bool clearError = false)
    {
        var before = Record;
        if (before.State == state && before.StateDetail == detail && error is null && !clearError)
        {
            return;
        }

        Update(r => r with { State = state, StateDetail = detail, LastError = clearError ? null : error ?? r.LastError });
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
        var saved = slots.Select(s => new SavedSlot(s.Id, s.Directory)).ToList();
        File.WriteAllText(Path.Combine(Directory, "replicas.json"), JsonSerializer.Serialize(saved));
    }

    /// <summary>Slots saved by a previous server, with their processes adopted when they still run.</summary>
    public List<ReplicaSlot> LoadSavedSlots()
    {
        var file = Path.Combine(Directory, "replicas.json");
        if (!File.Exists(file))
        {
            return [];
        }

        var saved = JsonSerializer.Deserialize<List<SavedSlot>>(File.ReadAllText(file)) ?? [];
        return saved.Select(s =>
        {
            var slot = new ReplicaSlot(s.Id, s.Directory) { Process = LocalReplica.Adopt(s.Id, s.Directory), StartedAt = _time.GetUtcNow() };
            slot.Status = slot.Process is { } p && p.IsRunning() ? ReplicaStatus.Starting : ReplicaStatus.BackOff;
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
            record.InferenceConfigPath, record.ConfigSource, doorDown);
    }

    private sealed record SavedSlot(string Id, string Directory);
}
