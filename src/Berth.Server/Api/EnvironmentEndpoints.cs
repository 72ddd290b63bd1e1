using Berth.Api.V1;
using Berth.Server.Registry;

namespace Berth.Server.Api;

/// <summary>/api/v1/environments: register (from a file's text), list, show.</summary>
internal static class EnvironmentEndpoints
{
    public static void MapEnvironmentEndpoints(this WebApplication app)
    {
        var environments = app.MapGroup("/api/v1/environments");
        environments.MapPost("/", async (HttpRequest request, EnvironmentStore store, ILogger<EnvironmentStore> logger) =>
        {
            var body = await ApiRequest.ReadAsync<RegisterEnvironmentRequest>(request);
            var (hash, canonical) = EnvironmentParsing.Canonicalize(body);
            var environment = store.Register(body.Name, hash, canonical);
            ServerLog.EnvironmentRegistered(logger, environment.Name, environment.Version, environment.Hash, environment.Reused);
            return environment.Reused
                ? Results.Ok(environment)
                : Results.Created($"/api/v1/environments/{environment.Name}/versions/{environment.Version}", environment);
        });
        environments.MapGet("/", (string? name, EnvironmentStore store) => store.List(name));
        environments.MapGet("/{name}", (string name, EnvironmentStore store) => store.Get(name, null));
        environments.MapGet("/{name}/versions/{version:int}", (string name, int version, EnvironmentStore store) => store.Get(name, version));
    }
}
