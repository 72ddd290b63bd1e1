using Berth.Api.V1;
using Berth.Server.Compute;

namespace Berth.Server.Api;

/// <summary>/api/v1/computes: attach (checked against the cluster first), list, show (live from the cluster), detach.</summary>
internal static class ComputeEndpoints
{
    public static void MapComputeEndpoints(this WebApplication app)
    {
        var computes = app.MapGroup("/api/v1/computes");
        computes.MapPost("/", async (HttpRequest request, ComputeAttacher attacher, ILogger<ComputeStore> logger, CancellationToken ct) =>
        {
            var body = await ApiRequest.ReadAsync<AttachComputeRequest>(request);
            var (record, version) = await attacher.AttachAsync(body, KubernetesConnection.RequestTimeout, ct);
            ServerLog.ComputeAttached(logger, record.Name, record.Context, record.Namespace, version);
            return Results.Created($"/api/v1/computes/{Uri.EscapeDataString(record.Name)}", record.ToDto());
        });
        computes.MapGet("/", (ComputeStore store) => store.List().Select(r => r.ToDto()).ToList());
        computes.MapGet("/{name}", (string name, ComputeStore store, CancellationToken ct) => KubernetesConnection.DescribeAsync(store.Require(name), ct));
        computes.MapDelete("/{name}", (string name, ComputeStore store, ILogger<ComputeStore> logger) =>
        {
            store.Detach(name);
            ServerLog.ComputeDetached(logger, name);
            return Results.NoContent();
        });
    }
}
