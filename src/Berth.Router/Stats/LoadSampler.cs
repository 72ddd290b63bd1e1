using Berth.Router.Table;

namespace Berth.Router.Stats;

/// <summary>
/// Samples every route's requests running and queued, and its request count, into its <see cref="LoadWindow"/>, every
/// 100 ms on average. The moments are spread at random between 50 and 150 ms apart: a load that arrives in bursts on a
/// 100 ms beat (a client sending 10 requests per second) would otherwise be sampled always at the same phase of its beat,
/// and read as all busy or all idle.
/// </summary>
internal sealed class LoadSampler(RouteTable table, TimeProvider time) : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => SampleAll(), null, Next(), Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private static TimeSpan Next() => LoadWindow.Interval * (0.5 + Random.Shared.NextDouble());

    private void SampleAll()
    {
        foreach (var route in table.All())
        {
            route.Load.Add(route.Scheduler.Current.BusySlots() + route.Scheduler.Queued, route.Counters.Requests);
        }

        try
        {
            _timer?.Change(Next(), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
