using Berth.Server.Routing;
using Berth.Server.Workspace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Berth.Server;

/// <summary>
/// Before the API answers: makes sure the router runs (it picks a free port the first time and keeps it in
/// router.json, so it cannot collide with a service's port). Once the API answers: logs the start line with both
/// addresses. A router that cannot start does not stop the server; the line says why it is not running.
/// </summary>
internal sealed class ServerAnnouncer(IHostApplicationLifetime lifetime, IServer server, RouterLink router, WorkspaceLayout layout, ILogger<ServerAnnouncer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string routerUrl;
        try
        {
            routerUrl = await router.EnsureAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            routerUrl = $"(not running: {e.Message})";
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty;
            ServerLog.Started(logger, url, layout.Root, Environment.ProcessId, routerUrl);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
