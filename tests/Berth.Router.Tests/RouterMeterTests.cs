using System.Diagnostics.Metrics;
using System.Net;
using Berth.Api.V1;
using Berth.Router.Proxy;
using Berth.Router.Stats;
using Berth.Router.Table;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Router.Tests;

/// <summary>The System.Diagnostics.Metrics view of the counters, over a route table and a real front door in this process.</summary>
public sealed class RouterMeterTests
{
    [Fact]
    public async Task Requests_ObservedByServiceAndStatusCode()
    {
        using var state = new TempFolder("berth-router-meter");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        var proxy = new ReplicaProxy(invoker, TimeProvider.System, new ProxySettings(ProxySettings.DefaultBodyIdleTimeout), NullLogger<ReplicaProxy>.Instance);
        await using var table = new RouteTable(new RouteStore(state.Path), proxy, TimeProvider.System, NullLogger<RouteTable>.Instance);
        using var meter = new RouterMeter(services.GetRequiredService<IMeterFactory>(), table);
        var route = await table.PutAsync("metered", new RouteSpec("metered", 0, []), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.GetAsync($"http://127.0.0.1:{route.Port}/score").WaitAsync(TimeSpan.FromSeconds(30));
        var seen = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RouterMeter.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(("berth.router.requests", 1L, "service=metered,code=503"), seen);
    }
}
