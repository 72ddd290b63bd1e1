using System.Diagnostics.Metrics;
using Berth.Scoring.Hosting;

namespace Berth.Scoring.Metrics;

/// <summary>
/// The replica's instruments (meter <c>Berth.Scoring</c>), defined once with System.Diagnostics.Metrics; OpenTelemetry's
/// Prometheus exporter serves them at <c>GET /metrics</c> (<c>berth_scoring_requests_total</c>,
/// <c>berth_scoring_request_duration_seconds</c>, ...), and dotnet-counters sees the same instruments.
/// </summary>
internal sealed class ScoringMetrics : IDisposable
{
    public const string MeterName = "Berth.Scoring";

    /// <summary>Histogram buckets in seconds, from half a millisecond to the default scoring timeout.</summary>
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly string[] Routes = ["/", "/score", "/swagger.json", "/metrics"];
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _runTime;

    /// <param name="queue">the replica's slots</param>
    /// <param name="restarts">Python workers booted again</param>
    /// <param name="batches">ONNX dynamic batching: runs, stacked runs, and requests in stacked runs</param>
    public ScoringMetrics(SlotQueue queue, Func<int> restarts, Func<(long Runs, long Batches, long BatchedRequests)> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(queue);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        _requests = _meter.CreateCounter<long>("berth.scoring.requests", "{request}", "HTTP requests by route and status code.");
        _latency = _meter.CreateHistogram("berth.scoring.request.duration", "s", "Time to answer a /score or /v2 infer request, queue wait included.", advice: advice);
        _runTime = _meter.CreateHistogram("berth.scoring.run.duration", "s", "Time spent in the entry script's run().", advice: advice);
        _meter.CreateObservableGauge("berth.scoring.queue_length", () => queue.Waiting, "{request}", "Requests waiting for a free worker.");
        _meter.CreateObservableGauge("berth.scoring.busy_workers", () => queue.Busy, "{worker}", "Workers running a request (or restarting).");
        _meter.CreateObservableGauge("berth.scoring.workers", () => queue.Slots, "{worker}", "Workers (Python processes, or concurrent Run() slots for score.cs).");
        _meter.CreateObservableCounter("berth.scoring.worker_restarts", () => (long)restarts(), "{restart}", "Workers killed or lost and booted again.");
        _meter.CreateObservableCounter("berth.scoring.batcher.runs", () => batches().Runs, "{run}", "ONNX model runs the dynamic batcher made, stacked or not.");
        _meter.CreateObservableCounter("berth.scoring.batcher.batches", () => batches().Batches, "{run}", "ONNX model runs that stacked two requests or more.");
        _meter.CreateObservableCounter("berth.scoring.batcher.batched_requests", () => batches().BatchedRequests, "{request}", "Requests that ran stacked with others.");
    }

    public void RecordRequest(string path, int status, double seconds)
    {
        var route = Array.IndexOf(Routes, path) is var i and >= 0 ? Routes[i]
            : path.StartsWith("/v2", StringComparison.Ordinal) ? (path.EndsWith("/infer", StringComparison.Ordinal) ? "/v2/infer" : "/v2")
            : "other";
        _requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));
        if (route is "/score" or "/v2/infer")
        {
            _latency.Record(seconds);
        }
    }

    public void RecordRun(double milliseconds) => _runTime.Record(milliseconds / 1000.0);

    public void Dispose() => _meter.Dispose();
}
