using Berth.Server.Routing;
using Berth.Server.Workspace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Berth.Server;

/// <summary>
/// Once the API answers: makes sure the router runs (it picks a free port the first time and keeps it in router.json,
/// so it cannot collide with a service's port) and logs the start line with both addresses.
/// </summary>
internal sealed class ServerAnnouncer(IHostApplicationLifetime lifetime, IServer server, RouterLink router, WorkspaceLayout layout, ILogger<ServerAnnouncer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty;
        string routerUrl;
        try
        {
            routerUrl = await router.EnsureAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            routerUrl = $"(not running: {e.Message})";
        }

        ServerLog.Started(logger, url, layout.Root, Environment.ProcessId, routerUrl);
    }
}
