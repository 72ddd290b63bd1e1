using System.Reflection;
using Berth.Api.V1;
using Berth.Server.Routing;
using Berth.Server.Workspace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Berth.Server.Api;

internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/api/v1/health", (WorkspaceLayout layout, IServer server, RouterLink router) => new ServerInfoDto(
            "berth-server",
            typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
            layout.Root,
            Environment.ProcessId,
            server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty,
            router.Url));
    }
}
