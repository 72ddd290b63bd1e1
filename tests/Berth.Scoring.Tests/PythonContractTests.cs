using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>The wire contract (§1.2-§1.6) against the real program running kitchen.py.</summary>
public sealed class PythonContractTests(PythonKitchenFixture fixture) : IClassFixture<PythonKitchenFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task GetRoot_IsHealthy_WithoutRunFunctionHeader()
    {
        using var response = await Client.GetWithTimeoutAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.BodyAsync());
        Assert.Null(response.Header("x-ms-run-function-failed"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task Post_AnyContentType_ReachesRunAsTheBodyString(string? contentType)
    {
        using var response = await Client.PostAsync("/score", "not json at all", contentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not json at all", (await response.JsonAsync()).GetProperty("input").GetString());
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
        Assert.Matches(@"^\d+\.\d{3}$", response.Header("x-ms-run-fn-exec-ms"));
    }

    [Fact]
    public async Task Get_QueryParameters_BecomeAJsonObjectString()
    {
        using var response = await Client.GetWithTimeoutAsync("/score?a=1&e=null&s=text&r=1&r=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"a\": 1, \"e\": null, \"s\": \"text\", \"r\": [1, 2]}", (await response.JsonAsync()).GetProperty("input").GetString());
    }

    [Fact]
    public async Task Post_InvalidUtf8_Is400WithPythonsMessage()
    {
        using var response = await Client.SendWithTimeoutAsync(HttpTest.Post("/score", [0xff, 0xfe, 0x41], "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Input cannot be decoded as UTF-8: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", await response.MessageAsync());
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
    }

    [Fact]
    public async Task Options_WithoutRawHttp_Is200Empty()
    {
        using var response = await Client.SendWithTimeoutAsync(new HttpRequestMessage(HttpMethod.Options, "/score"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.BodyAsync());
    }

    [Theory]
    [InlineData("str", "\"hello\"")]
    [InlineData("json_str", "\"{\\\"result\\\": [1, 0]}\"")]
    [InlineData("none", "{}")]
    public async Task Run_ReturnValue_IsSerializedLikeJsonDumps(string kind, string expected)
    {
        using var response = await Client.PostAsync("/score", $"{{\"kind\": \"{kind}\"}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.BodyAsync());
    }

    [Fact]
    public async Task Run_Raising_Is500RunFailed_WithTracebackInLogOnly()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"raise\", \"text\": \"secret-detail\"}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("An unexpected error occurred in scoring script. Check the logs for more info.", await response.MessageAsync());
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
        Assert.Null(response.Header("x-ms-run-fn-exec-ms"));
        await fixture.Server.WaitForLineAsync(l => l.Contains("ValueError: boom: secret-detail", StringComparison.Ordinal), HttpTest.Timeout);
        Assert.Contains("Encountered Exception: Traceback", fixture.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ReturningUnserializable_Is500Internal_NotRunFailed()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"unserializable\"}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("An unexpected internal error occurred. Check the logs for more info.", await response.MessageAsync());
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
    }

    [Fact]
    public async Task AmlResponse_JsonStr_IsJsonWithItsStatus_AndFailedAt500Plus()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"aml_json\"}");
        Assert.Equal(555, (int)response.StatusCode);
        Assert.Equal("\"test\"", await response.BodyAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
    }

    [Fact]
    public async Task AmlResponse_Raw_KeepsBodyContentTypeAndSplitsHeaders()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"aml_raw\"}");
        Assert.Equal(444, (int)response.StatusCode);
        Assert.Equal("test", await response.BodyAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["a", "b"], response.Headers.GetValues("X-Multi"));
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
    }

    [Fact]
    public async Task AmlResponse_Generator_IsStreamedChunked_AndLoggedWithoutLength()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"stream\", \"count\": 3, \"tag\": \"stream-log\"}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("item: 0\n\nitem: 1\n\nitem: 2\n\n", await response.BodyAsync());
        await fixture.Server.WaitForLineAsync(l => Regex.IsMatch(l, @"azmlinfsrv - POST /score 200 \d+\.\d{3}ms N/A$"), HttpTest.Timeout);
        using var next = await Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal("\"hello\"", await next.BodyAsync());
    }

    [Fact]
    public async Task AmlResponse_None_IsEmptyJsonObject()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"aml_none\"}");
        Assert.Equal(333, (int)response.StatusCode);
        Assert.Equal("{}", await response.BodyAsync());
    }

    [Fact]
    public async Task AmlResponse_CannotOverrideRequestId()
    {
        using var request = HttpTest.Post("/score", Encoding.UTF8.GetBytes("{\"kind\": \"aml_request_id\"}"), "application/json");
        request.Headers.Add("x-request-id", "mine");
        using var response = await Client.SendWithTimeoutAsync(request);
        Assert.Equal("mine", response.Header("x-request-id"));
    }

    [Fact]
    public async Task Run_WithRequestHeaders_GetsThemWerkzeugCased()
    {
        using var request = HttpTest.Post("/score", Encoding.UTF8.GetBytes("{\"kind\": \"headers\"}"), "application/json");
        request.Headers.Add("test-header", "value-1");
        using var response = await Client.SendWithTimeoutAsync(request);
        Assert.Equal("value-1", (await response.JsonAsync()).GetProperty("Test-Header").GetString());
    }

    [Fact]
    public async Task Print_InRun_IsOneAzmlinfsrvPrintLine()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        using var response = await Client.PostAsync("/score", $"{{\"kind\": \"print\", \"marker\": \"{marker}\"}}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fixture.Server.WaitForLineAsync(l => l.EndsWith(marker, StringComparison.Ordinal), HttpTest.Timeout);
        var lines = fixture.Server.Lines.Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} I \[\d+\] azmlinfsrv\.print - marker-", line);
        Assert.Matches(new Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} I \[\d+\] azmlinfsrv\.print - Initializing"), fixture.Server.Output);
    }

    [Fact]
    public async Task EveryScoreRequest_HasAnAccessLogLine()
    {
        using var response = await Client.GetWithTimeoutAsync("/score?access=log-test");
        await fixture.Server.WaitForLineAsync(l => Regex.IsMatch(l, @"azmlinfsrv - GET /score\?access=log-test 200 \d+\.\d{3}ms \d+$"), HttpTest.Timeout);
    }

    [Fact]
    public async Task Body_OverTheLimit_Is413_AndUnderIt_IsServed()
    {
        using var tooLarge = await Client.PostAsync("/score", new string('x', 70_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("65536", await tooLarge.MessageAsync(), StringComparison.Ordinal);
        using var fine = await Client.PostAsync("/score", new string('x', 60_000));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }
}
