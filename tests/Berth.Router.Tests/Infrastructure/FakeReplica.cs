using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Router.Tests.Infrastructure;

/// <summary>
/// A stand-in for a scoring replica at the network boundary: a real Kestrel server on 127.0.0.1 (a free port) whose
/// answer the test chooses, counting requests and the most it ran at once.
/// </summary>
internal sealed class FakeReplica : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _count;

    private FakeReplica(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public int Count => Volatile.Read(ref _count);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Headers of every request received, in arrival order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    /// <summary>A replica that answers 200 with <c>{"replica": "&lt;name&gt;"}</c> after <paramref name="delay"/>.</summary>
    public static Task<FakeReplica> OkAsync(string name, TimeSpan? delay = null) => StartAsync(async context =>
    {
        if (delay is { } wait)
        {
            await Task.Delay(wait);
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers["x-ms-run-fn-exec-ms"] = "1.250";
        await context.Response.WriteAsync($"{{\"replica\": \"{name}\"}}");
    });

    public static async Task<FakeReplica> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeReplica? self = null;
        app.Run(async context =>
        {
            var replica = self!;
            replica.Requests.Enqueue(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            Interlocked.Increment(ref replica._count);
            var now = Interlocked.Increment(ref replica._inFlight);
            UpdateMax(ref replica._maxInFlight, now);
            try
            {
                await handler(context);
            }
            finally
            {
                Interlocked.Decrement(ref replica._inFlight);
            }
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeReplica(app, url);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Requests still sleeping are cut off.
        }

        await _app.DisposeAsync();
    }

    private static void UpdateMax(ref int max, int value)
    {
        var current = Volatile.Read(ref max);
        while (value > current && Interlocked.CompareExchange(ref max, value, current) != current)
        {
            current = Volatile.Read(ref max);
        }
    }
}
