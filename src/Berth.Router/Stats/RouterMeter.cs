using System.Diagnostics.Metrics;
using Berth.Router.Routing;
using Berth.Router.Table;

namespace Berth.Router.Stats;

/// <summary>
/// The router's counters as System.Diagnostics.Metrics instruments (meter <c>Berth.Router</c>), for dotnet-counters
/// and OpenTelemetry; /metrics renders the same counters as Prometheus text. Observed on demand, so the request
/// path pays nothing for them.
/// </summary>
internal sealed class RouterMeter : IDisposable
{
    public const string Name = "Berth.Router";

    private readonly Meter _meter;

    public RouterMeter(IMeterFactory factory, RouteTable table)
    {
        _meter = factory.Create(Name);
        _meter.CreateObservableCounter("berth.router.requests", () => Requests(table), "{request}", "Requests answered, by service and status code.");
        _meter.CreateObservableUpDownCounter("berth.router.in_flight", () => PerService(table, r => r.Scheduler.Current.BusySlots()), "{request}", "Requests running on replicas.");
        _meter.CreateObservableUpDownCounter("berth.router.queued", () => PerService(table, r => r.Scheduler.Queued), "{request}", "Requests waiting for a replica slot.");
        _meter.CreateObservableGauge("berth.router.utilization", () => Utilizations(table), null, "(running + queued) / (replicas x maxConcurrentRequestsPerContainer).");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Requests(RouteTable table) =>
        table.All().SelectMany(r => r.Counters.ByStatus().Select(p =>
            new Measurement<long>(p.Value, new KeyValuePair<string, object?>("service", r.Name), new KeyValuePair<string, object?>("code", p.Key))));

    private static IEnumerable<Measurement<int>> PerService(RouteTable table, Func<ServiceRoute, int> value) =>
        table.All().Select(r => new Measurement<int>(value(r), new KeyValuePair<string, object?>("service", r.Name)));

    private static IEnumerable<Measurement<double>> Utilizations(RouteTable table) =>
        table.All().Select(r =>
        {
            var set = r.Scheduler.Current;
            var value = Utilization.Compute(set.BusySlots(), r.Scheduler.Queued, set.Count, set.MaxConcurrentPerReplica);
            return new Measurement<double>(value, new KeyValuePair<string, object?>("service", r.Name));
        });
}
