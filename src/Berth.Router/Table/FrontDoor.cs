using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Berth.Router.Table;

/// <summary>A service's own listening port on 127.0.0.1: a small Kestrel server whose every request goes to one handler.</summary>
internal sealed class FrontDoor : IAsyncDisposable
{
    /// <summary>The hosted platform's largest request payload.</summary>
    public const long MaxRequestBodyBytes = 100L * 1024 * 1024;

    private readonly WebApplication _app;
    private int _closed;

    private FrontDoor(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Opens the door on <paramref name="port"/> (0: a free one). Throws <see cref="PortInUseException"/> when the port is taken.</summary>
    public static async Task<FrontDoor> OpenAsync(int port, RequestDelegate handler, CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoConsoleLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync(cancel);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            throw new PortInUseException(port, e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FrontDoor(app, new Uri(address).Port);
    }

    /// <summary>Stops listening at once (the port is free when this returns) and lets running requests finish for up to <paramref name="drain"/>.</summary>
    public async Task CloseAsync(TimeSpan drain)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(drain);
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Requests still running after the drain time are cut off.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(TimeSpan.FromSeconds(5));
        await _app.DisposeAsync();
    }

    /// <summary>The door is not a console application: the router's own host handles Ctrl+C and SIGTERM.</summary>
    private sealed class NoConsoleLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
