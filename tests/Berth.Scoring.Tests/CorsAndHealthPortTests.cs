using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>AML_CORS_ORIGINS on /score, and the separate health endpoint.</summary>
public sealed class CorsAndHealthPortTests
{
    [Fact]
    public async Task SeparateHealthEndpoint_ListensOnItsOwnPort()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("echo.py"), new Dictionary<string, string> { ["SEPERATE_HEALTH_ENDPOINT"] = "true" }, "--health_port", "0");
        server.RequireListening();
        var line = await server.WaitForLineAsync(l => l.Contains("Health endpoint listening at: http://127.0.0.1:", StringComparison.Ordinal), HttpTest.Timeout);
        var url = line[(line.IndexOf("http://", StringComparison.Ordinal))..line.LastIndexOf(' ')];
        Assert.NotEqual(server.BaseAddress, new Uri(url));
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(new Uri(url), "/")).WaitAsync(HttpTest.Timeout);
        Assert.Equal("Healthy", await response.BodyAsync());
        Assert.Contains("Create dedicated endpoint for health: True", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedOrigin_GetsCorsHeaders_OthersDoNot_AndPreflightIsAnswered()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("echo.py"), new Dictionary<string, string> { ["AML_CORS_ORIGINS"] = "http://a.com, http://b.com" });
        server.RequireListening();
        Assert.Contains("CORS for the specified origins: Enabling CORS for http://a.com, http://b.com", server.Output, StringComparison.Ordinal);

        using var allowed = new HttpRequestMessage(HttpMethod.Post, "/score") { Content = new StringContent("{}") };
        allowed.Headers.Add("Origin", "http://a.com");
        using var allowedResponse = await server.Client.SendWithTimeoutAsync(allowed);
        Assert.Equal("http://a.com", allowedResponse.Header("Access-Control-Allow-Origin"));

        using var denied = new HttpRequestMessage(HttpMethod.Post, "/score") { Content = new StringContent("{}") };
        denied.Headers.Add("Origin", "http://c.com");
        using var deniedResponse = await server.Client.SendWithTimeoutAsync(denied);
        Assert.Equal(HttpStatusCode.OK, deniedResponse.StatusCode);
        Assert.Null(deniedResponse.Header("Access-Control-Allow-Origin"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/score");
        preflight.Headers.Add("Origin", "http://b.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var preflightResponse = await server.Client.SendWithTimeoutAsync(preflight);
        Assert.Equal(HttpStatusCode.OK, preflightResponse.StatusCode);
        Assert.Equal("http://b.com", preflightResponse.Header("Access-Control-Allow-Origin"));
        Assert.Equal("GET, POST", preflightResponse.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type", preflightResponse.Header("Access-Control-Allow-Headers"));
    }
}
