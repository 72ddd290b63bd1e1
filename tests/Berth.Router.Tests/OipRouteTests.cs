using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Berth.Router.Tests;

/// <summary>
/// The Open Inference Protocol through the front door: <c>/v2/...</c> reaches the replica with its path, body bytes and
/// headers (the binary extension's <c>Inference-Header-Content-Length</c> both ways), behind the service's keys, and the
/// router's own errors on those routes are the OIP's <c>{"error": ...}</c>.
/// </summary>
public sealed class OipRouteTests : RouterTestBase
{
    private const string Key = "oip-Key-0123456789abcdef";
    private const string Token = "replica-token-0123456789";

    [Fact]
    public async Task BinaryInfer_ThroughTheFrontDoorAndTheClusterPath_ReachesTheReplicaIntact()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string Path, byte[] Body)>();
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            seen.Enqueue((context.Request.Path.Value!, buffer.ToArray()));
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers["Inference-Header-Content-Length"] = "2";
            await context.Response.Body.WriteAsync("{}\u0001\u0002"u8.ToArray());
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("digits", replica) with { AuthEnabled = true, PrimaryKey = Key, ReplicaToken = Token }));
        var body = Encoding.UTF8.GetBytes("""{"inputs":[{"name":"input","shape":[1,2],"datatype":"FP32","parameters":{"binary_data_size":8}}]}""").Concat(new byte[] { 0, 0, 128, 63, 0, 0, 0, 64 }).ToArray();
        var jsonLength = body.Length - 8;
        var front = new Uri(route.ScoringUri).GetLeftPart(UriPartial.Authority);
        var cluster = route.ClusterScoringUri[..^"/score".Length];

        foreach (var uri in new[] { $"{front}/v2/models/digits/infer", $"{cluster}/v2/models/digits/infer" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Headers.Add("Inference-Header-Content-Length", jsonLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var response = await Within(Session.Http.SendAsync(request));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("2", response.Headers.GetValues("Inference-Header-Content-Length").Single());
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("{}\u0001\u0002"u8.ToArray(), await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Equal("/v2/models/digits/infer", s.Path));
        Assert.All(seen, s => Assert.Equal(body, s.Body));
        Assert.All(replica.Requests, h =>
        {
            Assert.Equal(jsonLength.ToString(System.Globalization.CultureInfo.InvariantCulture), h["inference-header-content-length"]);
            Assert.Equal("application/octet-stream", h["content-type"]);
            Assert.Equal(Token, h["x-berth-replica-token"]);
            Assert.False(h.ContainsKey("authorization"), "a key must not reach the replica");
        });
    }

    [Fact]
    public async Task NoKey_OnAnOipRoute_Is401WithTheOipErrorBody_WhileScoreKeepsThePlatformsMessage()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("keyed", replica) with { AuthEnabled = true, PrimaryKey = Key }));
        var front = new Uri(route.ScoringUri).GetLeftPart(UriPartial.Authority);

        using var oip = await Within(Session.Http.PostAsync($"{front}/v2/models/keyed/infer", new StringContent("{}", Encoding.UTF8, "application/json")));
        using var ready = await Within(Session.Http.GetAsync($"{front}/v2/health/ready"));
        using var score = await Within(Session.ScoreAsync(route));

        Assert.Equal(HttpStatusCode.Unauthorized, oip.StatusCode);
        Assert.Contains("Authorization: Bearer", await ErrorOf(oip), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, score.StatusCode);
        Assert.Contains("Authorization: Bearer", await RouterSession.MessageOf(score), StringComparison.Ordinal);
        Assert.Equal(0, replica.Count);
    }

    [Fact]
    public async Task HealthReady_WithNoReplicas_Is503WithTheOipErrorBody_AndAnUnknownClusterServiceIs404()
    {
        var route = await Within(Session.RouteAsync(RouterSession.Spec("empty")));
        var front = new Uri(route.ScoringUri).GetLeftPart(UriPartial.Authority);

        using var ready = await Within(Session.Http.GetAsync($"{front}/v2/health/ready"));
        using var unknown = await Within(Session.Http.GetAsync($"{Session.Router.Url}/api/v1/service/nope/v2/health/ready"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.False(string.IsNullOrEmpty(await ErrorOf(ready)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", await ErrorOf(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthLive_ReachesTheReplica()
    {
        var replica = await Replica(FakeReplica.StartAsync(context =>
            context.Request.Path == "/v2/health/live" ? context.Response.WriteAsync("""{"live":true}""") : Task.CompletedTask));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("live", replica)));

        var text = await Within(Session.Http.GetStringAsync($"{new Uri(route.ScoringUri).GetLeftPart(UriPartial.Authority)}/v2/health/live"));

        Assert.Equal("""{"live":true}""", text);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(document.RootElement.TryGetProperty("message", out _), "the OIP's error body has no \"message\"");
        return document.RootElement.GetProperty("error").GetString()!;
    }
}
