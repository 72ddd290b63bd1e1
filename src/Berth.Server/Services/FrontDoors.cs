using Berth.Errors;
using Berth.Server.Deployment;
using Berth.Server.Routing;

namespace Berth.Server.Services;

/// <summary>A service's front door on the router: the checks before asking for a port, and the reservation itself.</summary>
internal static class FrontDoors
{
    /// <summary>A service asking for the router's own admin port gets that said, not a bare "in use".</summary>
    public static async Task CheckPortAsync(RouterLink router, DeployPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Deployment.Port is int port && port != 0 && new Uri(await router.EnsureAsync(cancellationToken)) is { } admin && admin.Port == port)
        {
            throw new BerthException(
                "service.port_in_use", $"port {port} is the berth-router's admin port (its admin API is at {admin.GetLeftPart(UriPartial.Authority)})",
                $"set \"port\" in {Path.GetFileName(plan.DeploymentConfigPath)} to another port, or remove it to let Berth pick one");
        }
    }

    /// <summary>Opens the service's front door (no replicas yet) and records the port the router gave it.</summary>
    public static async Task ReserveAsync(RouterLink router, ServiceRuntime service, DeployPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            var status = await router.PutRouteAsync(ReplicaSupervisor.RouteFor(service.Record, []), cancellationToken);
            service.Update(r => r with { Port = status.Port, ScoringUri = status.ScoringUri, ClusterScoringUri = status.ClusterScoringUri });
        }
        catch (BerthException e) when (e.Code == "route.port_in_use")
        {
            throw new BerthException("service.port_in_use", e.Message, $"set \"port\" in {Path.GetFileName(plan.DeploymentConfigPath)} to a free port (or remove it to let Berth pick one), or stop the process that holds it");
        }
    }
}
