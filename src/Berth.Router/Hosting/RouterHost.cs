using System.Diagnostics.Metrics;
using System.Net;
using Berth.Router.Admin;
using Berth.Router.Proxy;
using Berth.Router.Stats;
using Berth.Router.Table;
using Berth.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;

namespace Berth.Router.Hosting;

/// <summary>Builds the router: the admin API and cluster paths on its own port, and every service's front door.</summary>
internal static class RouterHost
{
    public static WebApplication Build(RouterOptions options, StateDirectory state)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
        });
        AccessLogProvider.AddTo(builder.Logging, TimeProvider.System);

        // A log line is dropped rather than hold up a request when the console cannot keep up.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = FrontDoor.MaxRequestBodyBytes;
            k.Listen(IPAddress.Loopback, options.Url.Port);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new RouterAddress());
        builder.Services.AddSingleton(new ProxySettings(options.BodyIdleTimeout));
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(new ApiGate(state.AdminToken, HostAllowance.Loopback, $"the admin token is in {state.AdminTokenPath} (readable by its owner only); berth-server sends it"));
        builder.Services.AddSingleton(new RouteStore(state.Path));
        builder.Services.AddSingleton(CreateInvoker());
        builder.Services.AddSingleton<ReplicaProxy>();
        builder.Services.AddSingleton<RouteTable>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(s => new RouterMeter(s.GetRequiredService<IMeterFactory>(), () => s.GetRequiredService<RouteTable>().All()));
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(RouterMeter.Name).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.Services.AddHostedService<LoadSampler>();

        var app = builder.Build();
        var address = app.Services.GetRequiredService<RouterAddress>();

        // Listening before RestoreAsync reopens the front doors, so their first requests reach the histograms too.
        _ = app.Services.GetRequiredService<MeterProvider>();
        app.UseMiddleware<AdminProblems>();
        app.UseMiddleware<AdminGuard>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == "/metrics" && (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method)));
        app.UseMiddleware<ClusterPath>();
        app.MapAdminEndpoints(address);
        app.MapFallback((RequestDelegate)(_ => throw new Errors.BerthException(
            Api.V1.RouterErrorCodes.AdminRouteNotFound,
            "no such router route",
            "the admin API lives under /admin/v1/, metrics at /metrics, services at /api/v1/service/{name}/score")));
        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, state, address));
        return app;
    }

    /// <summary>Reopens the saved front doors; called before the router's own port opens, so a published router.json means they are open.</summary>
    public static Task RestoreAsync(WebApplication app, CancellationToken cancel) =>
        app.Services.GetRequiredService<RouteTable>().RestoreAsync(cancel);

    /// <summary>One pooled client for every replica: no proxy, cookies, redirects, decompression or trace headers.</summary>
    private static HttpMessageInvoker CreateInvoker() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
    });

    private static void OnStarted(WebApplication app, StateDirectory state, RouterAddress address)
    {
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address.Url = url;
        state.Publish(url);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Router");
        RouterLog.Started(logger, url, state.Path, Environment.ProcessId);
    }
}
