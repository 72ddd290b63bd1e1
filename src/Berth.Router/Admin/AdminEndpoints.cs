using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Router.Hosting;
using Berth.Router.Table;

namespace Berth.Router.Admin;

/// <summary>The admin API the control plane drives: /admin/v1/routes, on the router's own loopback port (/metrics is OpenTelemetry's, see <see cref="RouterHost"/>).</summary>
internal static class AdminEndpoints
{
    public static void MapAdminEndpoints(this WebApplication app, RouterAddress address)
    {
        var admin = app.MapGroup("/admin/v1");
        admin.MapGet("/health", () => Results.Json(new RouterInfo(address.Url, Environment.ProcessId), RouterJson.Options));
        admin.MapGet("/routes", (RouteTable table) => Results.Json(table.All().Select(r => r.ToStatus(address.Url)).ToList(), RouterJson.Options));
        admin.MapGet("/routes/{service}", (string service, RouteTable table) => Results.Json(Find(table, service).ToStatus(address.Url), RouterJson.Options));
        admin.MapGet("/routes/{service}/stats", (string service, RouteTable table) => Results.Json(Find(table, service).ToStats(), RouterJson.Options));
        admin.MapPut("/routes/{service}", PutAsync);
        admin.MapDelete("/routes/{service}", DeleteAsync);
    }

    private static async Task<IResult> PutAsync(string service, HttpContext context, RouteTable table, RouterAddress address)
    {
        RouteSpec? spec;
        try
        {
            spec = await JsonSerializer.DeserializeAsync<RouteSpec>(context.Request.Body, RouterJson.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new ConfigValidationException(
                [new ConfigIssue($"routes/{service}", (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, e.Path, "the body is not a valid RouteSpec: " + e.Message)],
                "send a JSON RouteSpec: {\"service\":..., \"port\":0, \"replicas\":[{\"id\":..., \"url\":...}]}",
                RouterErrorCodes.RouteInvalid);
        }

        var issues = RouteValidator.Validate(service, spec);
        if (issues.Count > 0)
        {
            throw new ConfigValidationException(issues, "fix the fields named above and PUT the route again", RouterErrorCodes.RouteInvalid);
        }

        // A change, once started, completes even if the caller hangs up: the table and routes.json must agree.
        var route = await table.PutAsync(service, spec!, CancellationToken.None);
        return Results.Json(route.ToStatus(address.Url), RouterJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string service, RouteTable table) =>
        await table.DeleteAsync(service, CancellationToken.None) ? Results.NoContent() : throw NotFound(service);

    private static ServiceRoute Find(RouteTable table, string service) =>
        table.TryGet(service, out var route) ? route : throw NotFound(service);

    private static BerthException NotFound(string service) =>
        new(RouterErrorCodes.RouteNotFound, $"no route for service '{service}'", "list the routes with GET /admin/v1/routes");
}
