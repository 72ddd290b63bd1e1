using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Berth.Api.V1;
using Berth.Router.Proxy;
using Berth.Router.Stats;
using Berth.Router.Table;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Router.Tests;

/// <summary>The System.Diagnostics.Metrics view of the counters (what dotnet-counters sees), over a route table and a real front door in this process.</summary>
public sealed class RouterMeterTests
{
    [Fact]
    public async Task Requests_ObservedByServiceAndStatusCode_AndTheDurationRecordedWithTheService()
    {
        using var state = new TempFolder("berth-router-meter");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        RouteTable? table = null;
        using var meter = new RouterMeter(services.GetRequiredService<IMeterFactory>(), () => table?.All() ?? []);
        var proxy = new ReplicaProxy(invoker, TimeProvider.System, new ProxySettings(ProxySettings.DefaultBodyIdleTimeout), meter, NullLogger<ReplicaProxy>.Instance);
        await using var routes = table = new RouteTable(new RouteStore(state.Path), proxy, TimeProvider.System, NullLogger<RouteTable>.Instance);
        var route = await routes.PutAsync("metered", new RouteSpec("metered", 0, []), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var seen = new ConcurrentQueue<(string Instrument, double Value, string Tags)>();
        using var listener = Listen(seen);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.GetAsync($"http://127.0.0.1:{route.Port}/score").WaitAsync(TimeSpan.FromSeconds(30));
        await DataPlaneTests.WaitUntil(() =>
        {
            listener.RecordObservableInstruments();
            return seen.Any(s => s.Instrument == "berth.router.request.duration");
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(("berth.router.requests", 1.0, "service=metered,code=503"), seen);
        Assert.Contains(("berth.router.replicas", 0.0, "service=metered"), seen);
        Assert.Contains(("berth.router.front_door_open", 1.0, "service=metered"), seen);
        Assert.Contains(seen, s => s is { Instrument: "berth.router.request.duration", Tags: "service=metered", Value: > 0 });
        Assert.Contains(seen, s => s is { Instrument: "berth.router.queue_wait", Tags: "service=metered", Value: >= 0 });
    }

    private static MeterListener Listen(ConcurrentQueue<(string Instrument, double Value, string Tags)> seen)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RouterMeter.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            seen.Enqueue((instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
        return listener;
    }
}
