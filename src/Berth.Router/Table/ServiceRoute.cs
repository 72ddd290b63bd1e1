using Berth.Api.V1;
using Berth.Router.Routing;
using Berth.Router.Stats;

namespace Berth.Router.Table;

/// <summary>One routed service: its current settings, its replica slots and queue, its counters and its front door.</summary>
internal sealed class ServiceRoute
{
    private RouteSettings _settings;

    public ServiceRoute(string name, RouteSettings settings, TimeProvider time)
    {
        Name = name;
        _settings = settings;
        Scheduler = new SlotScheduler(time);
        Scheduler.Swap(ReplicaSet.Rebuild(ReplicaSet.Empty, settings.Spec.Replicas, settings.Spec.MaxConcurrentRequestsPerContainer));
    }

    public string Name { get; }

    public RouteSettings Settings => Volatile.Read(ref _settings);

    public SlotScheduler Scheduler { get; }

    public ServiceCounters Counters { get; } = new();

    public LoadWindow Load { get; } = new();

    public FrontDoor? Door { get; set; }

    /// <summary>The port the door listens on, or the saved port when it could not be reopened.</summary>
    public int Port { get; set; }

    /// <summary>Why the front door is closed, when it is.</summary>
    public string? Error { get; set; }

    /// <summary>The spec as saved in routes.json: with the actual port, so a restart reopens the same address.</summary>
    public RouteSpec SavedSpec => Settings.Spec with { Service = Name, Port = Port };

    /// <summary>Takes new settings: keys, limits and replicas at once; running requests keep what they started with.</summary>
    public void Apply(RouteSettings settings)
    {
        Volatile.Write(ref _settings, settings);
        var spec = settings.Spec;
        Scheduler.Swap(ReplicaSet.Rebuild(Scheduler.Current, spec.Replicas, spec.MaxConcurrentRequestsPerContainer));
    }

    public RouteStatus ToStatus(string routerUrl)
    {
        var spec = Settings.Spec;
        return new RouteStatus(
            Name,
            Port,
            $"http://127.0.0.1:{Port}/score",
            $"{routerUrl.TrimEnd('/')}/api/v1/service/{Name}/score",
            spec.Replicas,
            spec.MaxConcurrentRequestsPerContainer,
            spec.MaxQueueWaitMs,
            spec.ScoringTimeoutMs,
            spec.AuthEnabled,
            Door is not null,
            Error);
    }

    /// <summary>The last second's and minute's mean demand over the slots of the replicas in the route now, and their request rates.</summary>
    public LoadStats RecentLoad() => RecentLoad(Scheduler.Current);

    public RouteStats ToStats()
    {
        var set = Scheduler.Current;
        var busy = set.BusySlots();
        var queued = Scheduler.Queued;
        var waits = Counters.QueueWait.Snapshot();
        var runs = Counters.RunTime.Snapshot();
        var byStatus = Counters.ByStatus();
        return new RouteStats(
            Name,
            Counters.Requests,
            byStatus.ToDictionary(p => p.Key.ToString(), p => p.Value),
            Counters.CountOf(502),
            Counters.CountOf(503),
            Counters.CountOf(504),
            Counters.CountOf(401),
            new QueueWaitStats(
                LogHistogram.Quantile(waits, 0.5) / 1000,
                LogHistogram.Quantile(waits, 0.99) / 1000,
                Counters.QueueWait.MaxMicroseconds / 1000.0,
                LogHistogram.Total(waits)),
            Counters.RunTimeMaxMs,
            busy,
            set.Replicas.Count(r => r.InFlight > 0),
            queued,
            set.Count,
            set.MaxConcurrentPerReplica,
            Utilization.Compute(busy, queued, set.Count, set.MaxConcurrentPerReplica),
            RecentLoad(set),
            set.Replicas.Select(r => new ReplicaStats(r.Id, r.BaseUrl, r.InFlight, r.Served, r.Failed)).ToList(),
            Counters.Recent.Slowest(10),
            Counters.ClientErrors,
            Counters.NoReplicaRejections,
            LogHistogram.Total(runs) > 0 ? LogHistogram.Quantile(runs, 0.5) / 1000 : null,
            Load.PeakRequestsPerSecond());
    }

    private LoadStats RecentLoad(ReplicaSet set)
    {
        var second = Load.Over(TimeSpan.FromSeconds(1));
        var minute = Load.Over(TimeSpan.FromMinutes(1));
        return new LoadStats(
            Utilization.Of(second.Demand, set.Count, set.MaxConcurrentPerReplica),
            Utilization.Of(minute.Demand, set.Count, set.MaxConcurrentPerReplica),
            second.RequestsPerSecond,
            minute.RequestsPerSecond);
    }
}
