using Berth.Router.Table;

namespace Berth.Router.Stats;

/// <summary>Samples every route's requests running and queued, and its request count, into its <see cref="LoadWindow"/>, every 100 ms.</summary>
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
            route.Load.Add(route.Scheduler.Current.BusySlots() + route.Scheduler.Queued, route.Counters.Requests);
        }
    }
}
