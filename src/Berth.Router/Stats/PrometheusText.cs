using System.Globalization;
using System.Text;
using Berth.Router.Table;

namespace Berth.Router.Stats;

/// <summary>Renders every service's counters in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    public static string Write(IReadOnlyList<ServiceRoute> routes)
    {
        var text = new StringBuilder();
        Family(text, "berth_router_requests_total", "counter", "Requests answered, by service and status code.");
        foreach (var route in routes)
        {
            foreach (var (code, count) in route.Counters.ByStatus())
            {
                Sample(text, "berth_router_requests_total", route.Name, count, ("code", code.ToString(CultureInfo.InvariantCulture)));
            }
        }

        Gauge(text, routes, "berth_router_in_flight", "Requests running on replicas now.", r => r.Scheduler.Current.BusySlots());
        Gauge(text, routes, "berth_router_queued", "Requests waiting for a replica slot now.", r => r.Scheduler.Queued);
        Gauge(text, routes, "berth_router_replicas", "Replicas behind the front door.", r => r.Scheduler.Current.Count);
        Gauge(text, routes, "berth_router_utilization", "(running + queued) / (replicas x maxConcurrentRequestsPerContainer).", Utilization);
        Gauge(text, routes, "berth_router_front_door_open", "1 when the service's port is open.", r => r.Door is null ? 0 : 1);
        Gauge(text, routes, "berth_router_run_time_max_seconds", "Longest run() time reported by a replica (x-ms-run-fn-exec-ms).", r => r.Counters.RunTimeMaxMs / 1000);
        Summary(text, routes, "berth_router_queue_wait_seconds", "Time spent waiting for a replica slot.", r => r.Counters.QueueWait);
        Summary(text, routes, "berth_router_request_duration_seconds", "Time from arrival to the end of the response.", r => r.Counters.Duration);
        return text.ToString();
    }

    private static double Utilization(ServiceRoute route)
    {
        var set = route.Scheduler.Current;
        return Routing.Utilization.Compute(set.BusySlots(), route.Scheduler.Queued, set.Count, set.MaxConcurrentPerReplica);
    }

    private static void Gauge(StringBuilder text, IReadOnlyList<ServiceRoute> routes, string name, string help, Func<ServiceRoute, double> value)
    {
        Family(text, name, "gauge", help);
        foreach (var route in routes)
        {
            Sample(text, name, route.Name, value(route));
        }
    }

    private static void Summary(StringBuilder text, IReadOnlyList<ServiceRoute> routes, string name, string help, Func<ServiceRoute, LogHistogram> histogram)
    {
        Family(text, name, "summary", help);
        foreach (var route in routes)
        {
            var counts = histogram(route).Snapshot();
            Sample(text, name, route.Name, LogHistogram.Quantile(counts, 0.5) / 1e6, ("quantile", "0.5"));
            Sample(text, name, route.Name, LogHistogram.Quantile(counts, 0.99) / 1e6, ("quantile", "0.99"));
            Sample(text, name + "_count", route.Name, LogHistogram.Total(counts));
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string service, double value, (string Name, string Value)? label = null)
    {
        text.Append(name).Append("{service=\"").Append(Escape(service)).Append('"');
        if (label is { } extra)
        {
            text.Append(',').Append(extra.Name).Append("=\"").Append(Escape(extra.Value)).Append('"');
        }

        text.Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
