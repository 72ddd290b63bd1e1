using System.Net;
using System.Security.Cryptography;
using Berth.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Berth.Router.Tests;

/// <summary>Bodies both ways, small and large, and the answers that have none.</summary>
public sealed class BodyTests : RouterTestBase
{
    [Fact]
    public async Task LargeRequestAndResponseBodies_ArriveByteForByte()
    {
        var echo = await Replica(FakeReplica.StartAsync(async context =>
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            var bytes = copy.ToArray();
            Array.Reverse(bytes);
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(bytes);
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("big", echo)));
        var payload = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);

        using var response = await Within(Session.Http.PostAsync(route.ScoringUri, new ByteArrayContent(payload)));
        var answer = await Within(response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Array.Reverse(payload);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), Convert.ToHexString(SHA256.HashData(answer)));
    }

    [Fact]
    public async Task ChunkedRequestBody_IsForwarded()
    {
        var echo = await Replica(FakeReplica.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync($"got {(await reader.ReadToEndAsync()).Length} chars");
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("chunk", echo)));
        var content = new StreamContent(new MemoryStream(new byte[100_000]));
        content.Headers.ContentLength = null;

        using var request = new HttpRequestMessage(HttpMethod.Post, route.ScoringUri) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Within(Session.Http.SendAsync(request));

        Assert.Equal("got 100000 chars", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoContentAndHead_PassThroughWithoutABody()
    {
        var replica = await Replica(FakeReplica.StartAsync(async context =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.ContentLength = 1234;
                return;
            }

            context.Response.StatusCode = 204;
            await Task.CompletedTask;
        }));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("nobody", replica)));

        using var noContent = await Within(Session.ScoreAsync(route));
        using var head = await Within(Session.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, route.ScoringUri)));

        Assert.Equal(HttpStatusCode.NoContent, noContent.StatusCode);
        Assert.Empty(await noContent.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(1234, head.Content.Headers.ContentLength);
    }
}
