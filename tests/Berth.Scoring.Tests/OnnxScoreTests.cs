using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>The platform's /score on an ONNX service: JSON lists in, one JSON list per output back.</summary>
public sealed class OnnxScoreTests(OnnxMnistFixture fixture) : IClassFixture<OnnxMnistFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Score_DataList_ReturnsEachOutputNested()
    {
        using var response = await Client.PostAsync("/score", Oip.SampleFile("request-score.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var probabilities = body.GetProperty("probabilities");
        Assert.Equal(1, probabilities.GetArrayLength());
        var expected = Oip.Expected.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = probabilities[0].EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        Assert.Equal("[8]", body.GetProperty("label").GetRawText());
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
    }

    [Fact]
    public async Task Score_ByInputName_AndOneRowWithoutTheBatchAxis_AreTheSame()
    {
        var row = System.Text.Json.JsonSerializer.Serialize(Oip.Pixels);

        using var named = await Client.PostAsync("/score", $$"""{"input": [{{row}}, {{row}}]}""");
        using var single = await Client.PostAsync("/score", $$"""{"data": {{row}}}""");

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal("[8,8]", (await named.JsonAsync()).GetProperty("label").GetRawText());
        Assert.Equal("[8]", (await single.JsonAsync()).GetProperty("label").GetRawText());
    }

    [Theory]
    [InlineData("{\"pixels\": [[1]]}", "'pixels' is not an input of the model; send {\"data\": <nested list of shape [-1,64]>}.")]
    [InlineData("{}", "A value is not provided for the 'input' input; send {\"data\": <nested list of shape [-1,64]>}.")]
    [InlineData("{\"data\": [[1, 2], [3]]}", "'input' must be a rectangular nested list (every row the same length).")]
    [InlineData("{\"data\": [[1, 2]]}", "'input' has shape [1,2], but the model expects [-1,64] (-1: any size).")]
    [InlineData("[1, 2]", "POST body should be a JSON dictionary.")]
    [InlineData("", "POST body is empty. Expecting a JSON dictionary.")]
    public async Task Score_BadBody_Is400WithThePlatformsMessageShape(string body, string message)
    {
        using var response = await Client.PostAsync("/score", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.MessageAsync());
    }
}
