using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>
/// Dynamic batching on a real replica: concurrent requests are stacked into one run (the batcher's counters in
/// /metrics say so) and each gets exactly the answer the unbatched replica of <see cref="OnnxMnistFixture"/> gives.
/// </summary>
public sealed partial class OnnxBatchingTests(OnnxMnistFixture unbatched) : IClassFixture<OnnxMnistFixture>
{
    private static Task<ScoringServer> StartBatchingAsync(string delayMs, string? timeoutMs = null)
    {
        var env = new Dictionary<string, string> { ["BERTH_MAX_BATCH_SIZE"] = "64", ["BERTH_MAX_BATCH_DELAY_MS"] = delayMs, ["BERTH_MODEL_NAME"] = "mnist" };
        if (timeoutMs is not null) env["SCORING_TIMEOUT_MS"] = timeoutMs;
        return ScoringServer.StartAsync(null, env, "--onnx_model", Paths.Sample("mnist-onnx", "model.onnx"));
    }

    /// <summary>Request <paramref name="i"/>: the sample image shifted by i pixels, as many rows as <paramref name="rows"/>.</summary>
    private static string Request(int i, int rows)
    {
        var data = Enumerable.Range(0, rows).SelectMany(r => Oip.Pixels.Select((_, p) => Oip.Pixels[(p + i + r) % 64])).ToArray();
        return Oip.Request("input", [rows, 64], data);
    }

    private static async Task<float[]> ProbabilitiesAsync(HttpClient client, string request)
    {
        var (status, body) = await Oip.PostAsync(client, "/v2/models/mnist/infer", request);
        Assert.True(status == 200, body.GetRawText());
        return Oip.Floats(Oip.Output(body, "probabilities"));
    }

    private static async Task<long> CounterAsync(HttpClient client, string name)
    {
        using var response = await client.GetWithTimeoutAsync("/metrics");
        var match = Regex.Match(await response.BodyAsync(), $@"^{name}(?:\{{[^}}]*\}})? (\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task ConcurrentRequests_AreStackedIntoOneRun_AndEachGetsItsOwnRows()
    {
        await using var server = await StartBatchingAsync("1000");
        server.RequireListening();
        var requests = Enumerable.Range(0, 8).Select(i => Request(i, i == 3 ? 3 : 1)).ToList();

        var batched = await Task.WhenAll(requests.Select(r => ProbabilitiesAsync(server.Client, r)));

        for (var i = 0; i < requests.Count; i++)
        {
            var alone = await ProbabilitiesAsync(unbatched.Client, requests[i]);
            Assert.Equal(alone.Length, batched[i].Length);
            for (var k = 0; k < alone.Length; k++) Assert.Equal(alone[k], batched[i][k], 6);
        }

        Assert.True(await CounterAsync(server.Client, "berth_scoring_batcher_batches_total") >= 1);
        Assert.True(await CounterAsync(server.Client, "berth_scoring_batcher_batched_requests_total") >= 2);
        Assert.Equal(0, await CounterAsync(unbatched.Client, "berth_scoring_batcher_batched_requests_total"));
    }

    [Fact]
    public async Task ARequestWaitingForItsBatch_StillHasItsOwnScoringTimeout()
    {
        await using var server = await StartBatchingAsync("5000", timeoutMs: "300");
        server.RequireListening();

        var (status, body) = await Oip.PostAsync(server.Client, "/v2/models/mnist/infer", Request(0, 1));
        using var score = await server.Client.PostAsync("/score", Oip.SampleFile("request-score.json"));

        Assert.Equal(500, status);
        Assert.Equal("Scoring timeout after 300 ms", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.InternalServerError, score.StatusCode);
        Assert.Equal("Scoring timeout after 300 ms", await score.MessageAsync());
    }
}
