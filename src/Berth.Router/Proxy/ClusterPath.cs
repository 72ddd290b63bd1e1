using Berth.Router.Routing;
using Berth.Router.Table;

namespace Berth.Router.Proxy;

/// <summary>
/// The hosted platform's cluster URL shape on the router's own port: <c>/api/v1/service/{name}/...</c> goes to the
/// service's replicas with the rest of the path (<c>/score</c>, <c>/swagger.json</c>, ...).
/// </summary>
internal sealed class ClusterPath(RequestDelegate next, RouteTable table, ReplicaProxy proxy)
{
    private static readonly PathString Prefix = "/api/v1/service";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, out var rest) || !TrySplit(rest, out var service, out var path))
        {
            return next(context);
        }

        return table.TryGet(service, out var route) ? proxy.HandleAsync(context, route, path) : NotFoundAsync(context, service, path);
    }

    /// <summary>Splits "/name/score" into "name" and "/score"; "/name" alone maps to "/".</summary>
    internal static bool TrySplit(PathString rest, out string service, out PathString path)
    {
        var value = rest.Value ?? string.Empty;
        var slash = value.IndexOf('/', 1);
        service = slash < 0 ? value.TrimStart('/') : value[1..slash];
        path = slash < 0 ? new PathString("/") : new PathString(value[slash..]);
        return service.Length > 0;
    }

    private static async Task NotFoundAsync(HttpContext context, string service, PathString path)
    {
        var error = StatusMapping.ServiceNotFound(service);
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(ErrorBody.For(path, error.Message), context.RequestAborted);
    }
}
