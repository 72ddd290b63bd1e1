using System.Diagnostics.Metrics;
using Berth.Api.V1;
using Berth.Router.Routing;
using Berth.Router.Table;

namespace Berth.Router.Stats;

/// <summary>
/// The router's instruments (meter <c>Berth.Router</c>), defined once with System.Diagnostics.Metrics; OpenTelemetry's
/// Prometheus exporter serves them at <c>GET /metrics</c> (<c>berth_router_requests_total</c>,
/// <c>berth_router_request_duration_seconds</c>, <c>berth_router_utilization_average{window="1s"}</c>, ...), and dotnet-counters sees the same instruments. Every value is
/// tagged with its <c>service</c>. The two histograms are recorded once per request, with that one tag; everything
/// else is observed from each route's existing counters when a reader collects, so the request path pays nothing for it.
/// </summary>
internal sealed class RouterMeter : IDisposable
{
    public const string Name = "Berth.Router";

    /// <summary>Histogram buckets in seconds, from the router's own 0.1 ms to past the default scoring timeout (60 s).</summary>
    private static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Meter _meter;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _duration;

    /// <param name="factory">Creates the meter (the host's, so its lifetime is the host's).</param>
    /// <param name="routes">
    /// The routes to observe, read at each collection: a function rather than the <see cref="RouteTable"/>, since the
    /// table's proxy records into this meter.
    /// </param>
    public RouterMeter(IMeterFactory factory, Func<IReadOnlyList<ServiceRoute>> routes)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(routes);
        _meter = factory.Create(Name);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        _duration = _meter.CreateHistogram("berth.router.request.duration", "s", "Time from arrival to the end of the response.", advice: advice);
        _queueWait = _meter.CreateHistogram("berth.router.queue_wait", "s", "Time spent waiting for a replica slot.", advice: advice);
        _meter.CreateObservableCounter("berth.router.requests", () => Requests(routes()), "{request}", "Requests answered, by service and status code.");
        _meter.CreateObservableCounter("berth.router.client_errors", () => PerService(routes(), r => r.Counters.ClientErrors), "{request}",
            "Requests that failed because of the caller (body too large, malformed or stalled, caller gone), never the replica.");
        _meter.CreateObservableUpDownCounter("berth.router.in_flight", () => PerService(routes(), r => r.Scheduler.Current.BusySlots()), "{request}", "Requests running on replicas now.");
        _meter.CreateObservableUpDownCounter("berth.router.queued", () => PerService(routes(), r => r.Scheduler.Queued), "{request}", "Requests waiting for a replica slot now.");
        _meter.CreateObservableUpDownCounter("berth.router.replicas", () => PerService(routes(), r => r.Scheduler.Current.Count), "{replica}", "Replicas behind the front door.");
        _meter.CreateObservableGauge("berth.router.utilization", () => PerService(routes(), UtilizationOf), null, "(running + queued) / (replicas x maxConcurrentRequestsPerContainer).");
        _meter.CreateObservableGauge("berth.router.utilization.average", () => Windows(routes(), l => (l.Utilization1s, l.Utilization60s)), null,
            "The autoscaler's signal: the last second's (window 1s) or minute's (window 1m) mean of running + queued, over the slots of the replicas in the route now.");
        _meter.CreateObservableGauge("berth.router.requests_per_second", () => Windows(routes(), l => (l.RequestsPerSecond1s, l.RequestsPerSecond60s)), null,
            "Requests per second over the last second (window 1s) or minute (window 1m).");
        _meter.CreateObservableGauge("berth.router.front_door_open", () => PerService(routes(), r => r.Door is null ? 0 : 1), null, "1 when the service's port is open.");
        _meter.CreateObservableGauge("berth.router.run_time.max", () => PerService(routes(), r => r.Counters.RunTimeMaxMs / 1000), "s",
            "Longest run() time reported by a replica (x-ms-run-fn-exec-ms).");
    }

    /// <summary>Records one answered request: its whole duration and its wait for a replica slot (zero when it did not queue).</summary>
    public void RecordRequest(string service, TimeSpan duration, TimeSpan queueWait)
    {
        var tag = new KeyValuePair<string, object?>("service", service);
        _duration.Record(duration.TotalSeconds, tag);
        _queueWait.Record(queueWait.TotalSeconds, tag);
    }

    public void Dispose() => _meter.Dispose();

    private static double UtilizationOf(ServiceRoute route)
    {
        var set = route.Scheduler.Current;
        return Utilization.Compute(set.BusySlots(), route.Scheduler.Queued, set.Count, set.MaxConcurrentPerReplica);
    }

    private static IEnumerable<Measurement<long>> Requests(IReadOnlyList<ServiceRoute> routes) =>
        routes.SelectMany(r => r.Counters.ByStatus().Select(p =>
            new Measurement<long>(p.Value, new KeyValuePair<string, object?>("service", r.Name), new KeyValuePair<string, object?>("code", p.Key))));

    /// <summary>A value per service over the last second and minute, tagged <c>window</c> <c>1s</c> and <c>1m</c>.</summary>
    private static IEnumerable<Measurement<double>> Windows(IReadOnlyList<ServiceRoute> routes, Func<LoadStats, (double Second, double Minute)> value) =>
        routes.SelectMany(r =>
        {
            var (second, minute) = value(r.RecentLoad());
            var service = new KeyValuePair<string, object?>("service", r.Name);
            return new[]
            {
                new Measurement<double>(second, service, new KeyValuePair<string, object?>("window", "1s")),
                new Measurement<double>(minute, service, new KeyValuePair<string, object?>("window", "1m")),
            };
        });

    private static IEnumerable<Measurement<T>> PerService<T>(IReadOnlyList<ServiceRoute> routes, Func<ServiceRoute, T> value)
        where T : struct =>
        routes.Select(r => new Measurement<T>(value(r), new KeyValuePair<string, object?>("service", r.Name)));
}
