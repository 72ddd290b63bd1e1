using Berth.Api.V1;
using Berth.Server.Access;
using Berth.Server.Services;
using Berth.Services;

namespace Berth.Server.Api;

/// <summary>/api/v1/services: deploy, list, show, events (progress), update, reload, delete, logs, diagnosis, keys.</summary>
internal static class ServiceEndpoints
{
    public static void MapServiceEndpoints(this WebApplication app)
    {
        var services = app.MapGroup("/api/v1/services");
        services.MapPost("/", async (HttpRequest request, ServiceManager manager, CallerAccess access) =>
        {
            var body = await ApiRequest.ReadAsync<DeployServiceRequest>(request);
            var service = await manager.DeployAsync(body, access.For(request.HttpContext), request.HttpContext.RequestAborted);
            return Results.Accepted($"/api/v1/services/{service.Name}", service);
        });
        services.MapGet("/", (ServiceManager manager) => manager.List());
        services.MapGet("/{name}", (string name, ServiceManager manager) => manager.Get(name).ToDto());
        services.MapGet("/{name}/events", EventsAsync);
        services.MapPost("/{name}/update", async (string name, HttpRequest request, ServiceManager manager, CallerAccess access) =>
            Results.Accepted($"/api/v1/services/{name}", await manager.UpdateAsync(name, await ApiRequest.ReadAsync<UpdateServiceRequest>(request), access.For(request.HttpContext), request.HttpContext.RequestAborted)));
        services.MapPost("/{name}/reload", async (string name, HttpRequest request, ServiceManager manager, CallerAccess access) =>
        {
            // An empty body (older clients, the server-side path form) reloads from the paths the service was deployed with.
            var body = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0
                ? await ApiRequest.ReadAsync<ReloadServiceRequest>(request)
                : new ReloadServiceRequest();
            return Results.Accepted($"/api/v1/services/{name}", await manager.ReloadAsync(name, body, access.For(request.HttpContext), request.HttpContext.RequestAborted));
        });
        services.MapPost("/{name}/debug", async (string name, HttpRequest request, ServiceManager manager, ServiceDebugger debugger) =>
            await debugger.DebugAsync(manager.Get(name), await ApiRequest.ReadAsync<DebugServiceRequest>(request), request.HttpContext.RequestAborted));
        services.MapGet("/{name}/configs", (string name, ServiceManager manager) => manager.Configs(name));
        services.MapDelete("/{name}", async (string name, ServiceManager manager, CancellationToken ct) =>
        {
            await manager.DeleteAsync(name, ct);
            return Results.NoContent();
        });
        services.MapGet("/{name}/logs", (string name, int? tail, string? cursor, ServiceManager manager) =>
        {
            var service = manager.Get(name);
            manager.Check(service, ServiceOperation.GetLogs);
            var (lines, next) = ServiceLogs.Read(service, tail ?? 5000, cursor);
            return Results.Ok(new { lines, cursor = next });
        });
        services.MapGet("/{name}/diagnosis", (string name, ServiceManager manager, CancellationToken ct) => manager.DiagnoseAsync(name, ct));
        services.MapGet("/{name}/keys", (string name, ServiceManager manager) =>
        {
            var service = manager.Get(name);
            manager.Check(service, ServiceOperation.GetKeys);
            return new ServiceKeysDto(service.Record.PrimaryKey, service.Record.SecondaryKey);
        });
        services.MapPost("/{name}/regen-key", async (string name, HttpRequest request, ServiceManager manager) =>
            await manager.RegenerateKeyAsync(name, (await ApiRequest.ReadAsync<RegenKeyRequest>(request)).Key, request.HttpContext.RequestAborted));
    }

    /// <summary>Long poll: the events after <c>after</c>, waiting up to <c>waitMs</c> for one when there are none.</summary>
    private static async Task<ServiceEventsPage> EventsAsync(string name, long? after, int? waitMs, ServiceManager manager, CancellationToken ct)
    {
        var service = manager.Get(name);
        var since = after ?? 0;
        if (service.Events.After(since).Count == 0 && Busy(service))
        {
            await service.Events.WaitAsync(since, TimeSpan.FromMilliseconds(Math.Clamp(waitMs ?? 0, 0, 30_000)), ct);
        }

        return new ServiceEventsPage(service.Events.After(since), !Busy(service), service.ToDto());
    }

    private static bool Busy(ServiceRuntime service) => service.OperationRunning || service.Record.State == ServiceState.Transitioning;
}
