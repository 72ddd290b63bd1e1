using System.Diagnostics;
using System.Net;
using System.Text;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>score.cs under the same contract, against kitchen.cs.</summary>
public sealed class CSharpScriptTests(CSharpKitchenFixture fixture) : IClassFixture<CSharpKitchenFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Run_GetsTheJsonBody_AndItsResultIsJson()
    {
        using var response = await Client.PostAsync("/score", "{\"data\": [1, 2]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = (await response.JsonAsync()).GetProperty("input");
        Assert.Equal([1, 2], input.GetProperty("data").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
        Assert.Matches(@"^\d+\.\d{3}$", response.Header("x-ms-run-fn-exec-ms"));
    }

    [Fact]
    public async Task Get_QueryParameters_BecomeTheJsonInput()
    {
        using var response = await Client.GetWithTimeoutAsync("/score?a=1&e=null&s=text");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = (await response.JsonAsync()).GetProperty("input");
        Assert.Equal(1, input.GetProperty("a").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, input.GetProperty("e").ValueKind);
        Assert.Equal("text", input.GetProperty("s").GetString());
    }

    [Theory]
    [InlineData("str", "\"hello\"")]
    [InlineData("none", "{}")]
    public async Task Run_ReturnValue_IsSerializedLikeThePlatform(string kind, string expected)
    {
        using var response = await Client.PostAsync("/score", $"{{\"kind\": \"{kind}\"}}");
        Assert.Equal(expected, await response.BodyAsync());
    }

    [Fact]
    public async Task Run_Throwing_Is500RunFailed_WithExceptionInLogOnly()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"raise\"}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("An unexpected error occurred in scoring script. Check the logs for more info.", await response.MessageAsync());
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
        await fixture.Server.WaitForLineAsync(l => l.Contains("System.InvalidOperationException: boom", StringComparison.Ordinal), HttpTest.Timeout);
    }

    [Fact]
    public async Task Post_InvalidJson_Is400()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": ");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("POST body could not be decoded as JSON: ", await response.MessageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidUtf8_Is400WithPythonsWording()
    {
        using var response = await Client.SendWithTimeoutAsync(HttpTest.Post("/score", [0x41, 0xff], "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Input cannot be decoded as UTF-8: 'utf-8' codec can't decode byte 0xff in position 1: invalid start byte", await response.MessageAsync());
    }

    [Fact]
    public async Task AmlResponse_IsSentAsTheScriptSays()
    {
        using var json = await Client.PostAsync("/score", "{\"kind\": \"aml_json\"}");
        Assert.Equal(555, (int)json.StatusCode);
        Assert.Equal("\"test\"", await json.BodyAsync());
        Assert.Equal("True", json.Header("x-ms-run-function-failed"));
        using var raw = await Client.PostAsync("/score", "{\"kind\": \"aml_raw\"}");
        Assert.Equal(444, (int)raw.StatusCode);
        Assert.Equal("test", await raw.BodyAsync());
        Assert.Equal("text/plain", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["a", "b"], raw.Headers.GetValues("X-Multi"));
    }

    [Fact]
    public async Task Run_WithRequestHeaders_GetsThem()
    {
        using var request = HttpTest.Post("/score", Encoding.UTF8.GetBytes("{\"kind\": \"headers\"}"), "application/json");
        request.Headers.Add("test-header", "value-1");
        using var response = await Client.SendWithTimeoutAsync(request);
        Assert.Equal("value-1", (await response.JsonAsync()).GetProperty("test-header").GetString());
    }

    [Fact]
    public async Task ConsoleWriteLine_IsAnAzmlinfsrvPrintLine()
    {
        var marker = "cs-marker-" + Guid.NewGuid().ToString("N");
        using var response = await Client.PostAsync("/score", $"{{\"kind\": \"print\", \"marker\": \"{marker}\"}}");
        var line = await fixture.Server.WaitForLineAsync(l => l.EndsWith(marker, StringComparison.Ordinal), HttpTest.Timeout);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} I \[\d+\] azmlinfsrv\.print - cs-marker-", line);
        Assert.Contains("azmlinfsrv.print - Initializing", fixture.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunPastTimeout_Is500TimeoutMessage_WithinTimeoutPlusMargin()
    {
        var watch = Stopwatch.StartNew();
        using var response = await Client.PostAsync("/score", "{\"kind\": \"sleep\", \"seconds\": 5}");
        watch.Stop();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal($"Scoring timeout after {CSharpKitchenFixture.TimeoutMs} ms", await response.MessageAsync());
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(CSharpKitchenFixture.TimeoutMs + 2000), $"took {watch.Elapsed}");
        using var next = await Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task GetModelPath_AndModelDir_ResolveLikeThePlatform()
    {
        using var path = await Client.PostAsync("/score", "{\"kind\": \"model_path\", \"name\": \"mymodel\"}");
        Assert.Equal(Path.Combine(fixture.AppRoot, "azureml-models/mymodel/10/weights"), (await path.JsonAsync()).GetString());
        using var dir = await Client.PostAsync("/score", "{\"kind\": \"model_dir\"}");
        Assert.Equal(Path.Combine(fixture.AppRoot, "azureml-models/mymodel/2"), (await dir.JsonAsync()).GetString());
    }
}
