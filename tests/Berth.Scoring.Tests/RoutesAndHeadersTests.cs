using System.Net;
using System.Text.Json;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>Routes, request-id headers, version header, swagger and metrics, against echo.py on two workers.</summary>
public sealed class RoutesAndHeadersTests(PythonEchoFixture fixture) : IClassFixture<PythonEchoFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task UnknownPath_Is404WithFlasksMessage()
    {
        using var response = await Client.GetWithTimeoutAsync("/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.", await response.MessageAsync());
    }

    [Theory]
    [InlineData("PUT", "/score")]
    [InlineData("DELETE", "/score")]
    [InlineData("POST", "/")]
    [InlineData("POST", "/swagger.json")]
    public async Task WrongMethod_Is405WithFlasksMessage(string method, string path)
    {
        using var response = await Client.SendWithTimeoutAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("The method is not allowed for the requested URL.", await response.MessageAsync());
    }

    [Theory]
    [InlineData(null, null, null, "gen", "=A", null)]
    [InlineData("A", null, null, "A", "A", null)]
    [InlineData(null, "B", null, "gen", "B", "B")]
    [InlineData(null, null, "C", "gen", "C", "C")]
    [InlineData("A", "B", null, "A", "B", "B")]
    [InlineData(null, "B", "C", "gen", "B", "C")]
    [InlineData("A", null, "C", "A", "C", "C")]
    [InlineData("A", "B", "C", "A", "B", "C")]
    public async Task RequestIdHeaders_FollowThePlatformsMatrix(string? a, string? b, string? c, string expectA, string expectB, string? expectC)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/score") { Content = new StringContent("{}") };
        if (a is not null) request.Headers.Add("x-request-id", a);
        if (b is not null) request.Headers.Add("x-ms-request-id", b);
        if (c is not null) request.Headers.Add("x-ms-client-request-id", c);
        using var response = await Client.SendWithTimeoutAsync(request);
        var gotA = response.Header("x-request-id");
        Assert.NotNull(gotA);
        if (expectA == "gen") Assert.True(Guid.TryParse(gotA, out _), $"generated x-request-id {gotA} is not a GUID");
        else Assert.Equal(expectA, gotA);
        Assert.Equal(expectB == "=A" ? gotA : expectB, response.Header("x-ms-request-id"));
        Assert.Equal(expectC, response.Header("x-ms-client-request-id"));
    }

    [Fact]
    public async Task NoIdHeaders_MsRequestIdEqualsGeneratedRequestId()
    {
        using var response = await Client.PostAsync("/score", "{}");
        Assert.Equal(response.Header("x-request-id"), response.Header("x-ms-request-id"));
    }

    [Fact]
    public async Task RequestId_Over100Chars_Is431_WithoutIdHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/score") { Content = new StringContent("{}") };
        request.Headers.Add("x-request-id", new string('a', 101));
        using var response = await Client.SendWithTimeoutAsync(request);
        Assert.Equal(431, (int)response.StatusCode);
        Assert.Equal("x-request-id must not exceed 100 characters", await response.MessageAsync());
        Assert.Null(response.Header("x-request-id"));
        Assert.Null(response.Header("x-ms-request-id"));
    }

    [Fact]
    public async Task ClientRequestId_Over100Chars_Is431_StillEchoingRequestId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/score") { Content = new StringContent("{}") };
        request.Headers.Add("x-request-id", "ok-id");
        request.Headers.Add("x-ms-client-request-id", new string('c', 101));
        using var response = await Client.SendWithTimeoutAsync(request);
        Assert.Equal(431, (int)response.StatusCode);
        Assert.Equal("x-ms-request-id and x-ms-client-request-id must not exceed 100 characters", await response.MessageAsync());
        Assert.Equal("ok-id", response.Header("x-request-id"));
    }

    [Fact]
    public async Task MsRequestId_LogsTheDeprecationWarning()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/score") { Content = new StringContent("{}") };
        request.Headers.Add("x-ms-request-id", "old-style");
        using var response = await Client.SendWithTimeoutAsync(request);
        await fixture.Server.WaitForLineAsync(l => l.Contains(" W [", StringComparison.Ordinal) && l.Contains("x-ms-request-id header has been deprecated", StringComparison.Ordinal), HttpTest.Timeout);
    }

    [Fact]
    public async Task TraceId_IsEchoed_AndServerVersionIsOurs()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/score");
        request.Headers.Add("TraceId", "trace-1");
        using var response = await Client.SendWithTimeoutAsync(request);
        Assert.Equal("trace-1", response.Header("TraceId"));
        Assert.Matches(@"^berth-scoring/\d+\.\d+\.\d+", response.Header("x-ms-server-version"));
    }

    [Fact]
    public async Task Swagger_DefaultsToVersion2_AndServes3()
    {
        using var v2 = await Client.GetWithTimeoutAsync("/swagger.json");
        var doc = await v2.JsonAsync();
        Assert.Equal("2.0", doc.GetProperty("swagger").GetString());
        Assert.Equal("ML service", doc.GetProperty("info").GetProperty("title").GetString());
        Assert.True(doc.GetProperty("paths").TryGetProperty("/score", out _));
        using var v3 = await Client.GetWithTimeoutAsync("/swagger.json?version=3");
        Assert.StartsWith("3.0", (await v3.JsonAsync()).GetProperty("openapi").GetString(), StringComparison.Ordinal);
        using var v31 = await Client.GetWithTimeoutAsync("/swagger.json?version=3.1");
        Assert.Equal("3.1.0", (await v31.JsonAsync()).GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task Swagger_InvalidVersion_Is404WithMessage()
    {
        using var response = await Client.GetWithTimeoutAsync("/swagger.json?version=9");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Swagger version [9] is not valid. Supported versions: [2, 3, 3.1].", await response.MessageAsync());
    }

    [Fact]
    public async Task Metrics_CountRequestsAndExposeQueueAndWorkers()
    {
        using var scored = await Client.PostAsync("/score", "{}");
        using var response = await Client.GetWithTimeoutAsync("/metrics");
        var text = await response.BodyAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"(?m)^# TYPE berth_scoring_requests_total counter$", text);
        Assert.Matches(@"berth_scoring_requests_total\{[^}]*route=""/score"",status=""200""\} [1-9]", text);
        Assert.Matches(@"berth_scoring_request_duration_seconds_bucket\{[^}]*le=""\+Inf""\} [1-9]", text);
        Assert.Matches(@"berth_scoring_run_duration_seconds_count(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"berth_scoring_queue_length(\{[^}]*\})? 0", text);
        Assert.Matches(@"berth_scoring_workers(\{[^}]*\})? 2", text);
        Assert.Matches(@"(?m)^# TYPE berth_scoring_busy_workers gauge$", text);
        Assert.Matches(@"(?m)^# TYPE berth_scoring_worker_restarts_total counter$", text);
    }

    [Fact]
    public void TwoWorkers_EachLogBootingWorkerWithPid()
    {
        var boots = fixture.Server.Lines.Where(l => l.Contains("Booting worker with pid: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, boots.Count);
        Assert.Contains("Worker Count: 2", fixture.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GetsAStr_EvenForJsonBodies()
    {
        using var response = await Client.PostAsync("/score", "{\"data\": [1, 2]}");
        var json = await response.JsonAsync();
        Assert.Equal("str", json.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, json.GetProperty("input").ValueKind);
    }
}
