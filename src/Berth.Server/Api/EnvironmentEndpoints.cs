using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Environments;
using Berth.Errors;
using Berth.Server.Deployment;
using Berth.Server.Registry;
using Berth.Server.Targets.Docker;

namespace Berth.Server.Api;

/// <summary>/api/v1/environments: register (from a file's text), list, show, and the container image: show, build.</summary>
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
        environments.MapGet("/{name}/versions/{version:int}/image", async (string name, int version, EnvironmentStore store, DockerTarget docker, CancellationToken ct) =>
        {
            var environment = store.Get(name, version);
            try
            {
                var (tag, built) = await docker.ImageOfAsync(EnvironmentDefinition.FromJson(environment.Definition.GetRawText()), ct);
                return new EnvironmentImageDto(name, version, tag, built, []);
            }
            catch (BerthException e)
            {
                return new EnvironmentImageDto(name, version, null, false, [], $"{e.Message} ({e.Hint})");
            }
        });
        environments.MapPost("/{name}/versions/{version:int}/build", async (string name, int version, EnvironmentStore store, DockerTarget docker, CancellationToken ct) =>
        {
            // Environment.build(): the image a container deploy of this environment starts from, built ahead of time.
            var environment = store.Get(name, version);
            var steps = new List<string>();
            try
            {
                var tag = await docker.PrepareAsync(EnvironmentDefinition.FromJson(environment.Definition.GetRawText()), steps.Add, ct);
                return new EnvironmentImageDto(name, version, tag, true, steps);
            }
            catch (InstallFailedException e)
            {
                var evidence = new ServiceEvidence(name, Berth.Services.ServiceTargetKind.Container)
                {
                    InstallFailure = e.Failure,
                    RetryCommand = $"berth env register --name {name} --file FIXED-FILE && berth env build {name}",
                };
                var causes = DiagnosisEngine.Default.Diagnose(evidence);
                var cause = causes.Count > 0 ? causes[0] : null;
                return new EnvironmentImageDto(name, version, null, false, steps, cause is null ? e.Message : DiagnosisText.Format(cause));
            }
        });
    }
}
