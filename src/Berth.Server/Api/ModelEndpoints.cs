using Berth.Api.V1;
using Berth.Server.Access;
using Berth.Server.Registry;
using Berth.Server.Services;

namespace Berth.Server.Api;

/// <summary>/api/v1/models: register, list, show, list and read files, delete.</summary>
internal static class ModelEndpoints
{
    public static void MapModelEndpoints(this WebApplication app)
    {
        var models = app.MapGroup("/api/v1/models");
        models.MapPost("/", async (HttpRequest request, ModelStore store, CallerAccess access, ILogger<ModelStore> logger) =>
        {
            var body = await ApiRequest.ReadAsync<RegisterModelRequest>(request);
            var model = await store.RegisterAsync(body, access.For(request.HttpContext), request.HttpContext.RequestAborted);
            ServerLog.ModelRegistered(logger, model.Name, model.Version, model.FileCount, model.SizeBytes);
            return Results.Created($"/api/v1/models/{model.Name}/versions/{model.Version}", model);
        });
        models.MapGet("/", (string? name, string[]? tag, ModelStore store) => store.List(name, ApiRequest.ParseTagFilter(tag)));
        models.MapGet("/{name}", (string name, ModelStore store) => store.Get(name, null));
        models.MapGet("/{name}/versions/{version:int}", (string name, int version, ModelStore store) => store.Get(name, version));
        models.MapGet("/{name}/versions/{version:int}/content", (string name, int version, string path, ModelStore store) =>
            Results.File(store.ResolveFile(name, version, path), "application/octet-stream", enableRangeProcessing: false));
        models.MapDelete("/{name}/versions/{version:int}", (string name, int version, ModelStore store, ServiceManager services, ILogger<ModelStore> logger) =>
        {
            store.Delete(name, version, services.UserOf);
            ServerLog.ModelDeleted(logger, name, version);
            return Results.NoContent();
        });
    }
}
