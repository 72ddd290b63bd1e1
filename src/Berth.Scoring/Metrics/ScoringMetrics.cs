using System.Text;
using Berth.Scoring.Hosting;

namespace Berth.Scoring.Metrics;

/// <summary>Counters of one replica, rendered as Prometheus text at <c>GET /metrics</c>.</summary>
internal sealed class ScoringMetrics
{
    private static readonly string[] Routes = ["/", "/score", "/swagger.json", "/metrics", "other"];
    private readonly long[,] _requests = new long[Routes.Length, 600];
    private readonly Histogram _latency = new();
    private readonly Histogram _runTime = new();
    private readonly SlotQueue _queue;
    private readonly Func<int> _restarts;

    public ScoringMetrics(SlotQueue queue, Func<int> restarts)
    {
        _queue = queue;
        _restarts = restarts;
    }

    public void RecordRequest(string path, int status, double seconds)
    {
        var route = Array.IndexOf(Routes, path);
        if (route < 0) route = Routes.Length - 1;
        Interlocked.Increment(ref _requests[route, Math.Clamp(status, 0, 599)]);
        if (route == 1) _latency.Observe(seconds);
    }

    public void RecordRun(double milliseconds) => _runTime.Observe(milliseconds / 1000.0);

    public string Render()
    {
        var sb = new StringBuilder(4096);
        sb.Append("# HELP berth_scoring_requests_total HTTP requests by route and status code.\n");
        sb.Append("# TYPE berth_scoring_requests_total counter\n");
        for (var r = 0; r < Routes.Length; r++)
        {
            for (var s = 0; s < 600; s++)
            {
                var n = Volatile.Read(ref _requests[r, s]);
                if (n > 0) sb.Append("berth_scoring_requests_total{route=\"").Append(Routes[r]).Append("\",status=\"").Append(s).Append("\"} ").Append(n).Append('\n');
            }
        }

        _latency.Render(sb, "berth_scoring_request_duration_seconds", "Time to answer a /score request, queue wait included.");
        _runTime.Render(sb, "berth_scoring_run_duration_seconds", "Time spent in the entry script's run().");
        Gauge(sb, "berth_scoring_queue_length", "Requests waiting for a free worker.", _queue.Waiting);
        Gauge(sb, "berth_scoring_busy_workers", "Workers running a request (or restarting).", _queue.Busy);
        Gauge(sb, "berth_scoring_workers", "Workers (Python processes, or concurrent Run() slots for score.cs).", _queue.Slots);
        sb.Append("# HELP berth_scoring_worker_restarts_total Workers killed or lost and booted again.\n");
        sb.Append("# TYPE berth_scoring_worker_restarts_total counter\n");
        sb.Append("berth_scoring_worker_restarts_total ").Append(_restarts()).Append('\n');
        return sb.ToString();
    }

    private static void Gauge(StringBuilder sb, string name, string help, long value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" gauge\n");
        sb.Append(name).Append(' ').Append(value).Append('\n');
    }
}
