using Berth.Router.Routing;
using Berth.Router.Table;

namespace Berth.Router.Stats;

/// <summary>Samples every route's utilization and request count into its <see cref="LoadWindow"/>, every 100 ms.</summary>
internal sealed class LoadSampler(RouteTable table, TimeProvider time) : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => SampleAll(), null, LoadWindow.Interval, LoadWindow.Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void SampleAll()
    {
        foreach (var route in table.All())
        {
            var set = route.Scheduler.Current;
            var utilization = Utilization.Compute(set.BusySlots(), route.Scheduler.Queued, set.Count, set.MaxConcurrentPerReplica);
            route.Load.Add(utilization, route.Counters.Requests);
        }
    }
}
