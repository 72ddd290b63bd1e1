using System.Net;
using System.Text.Json;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>The sample ONNX model over the Open Inference Protocol, against a real replica; outputs checked against numpy's (expected.json).</summary>
public sealed class OnnxInferenceTests(OnnxMnistFixture fixture) : IClassFixture<OnnxMnistFixture>
{
    private const string Infer = "/v2/models/mnist/infer";

    private HttpClient Client => fixture.Client;

    private static void AssertExpectedProbabilities(JsonElement output)
    {
        var expected = Oip.Expected.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = Oip.Floats(output);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public async Task ModelMetadata_ComesFromTheGraph_WithMinusOneForTheDynamicAxis()
    {
        var (status, body) = await Oip.GetAsync(Client, "/v2/models/mnist");

        Assert.Equal(200, status);
        Assert.Equal(
            """{"name":"mnist","versions":["1"],"platform":"onnxruntime_onnx","inputs":[{"name":"input","datatype":"FP32","shape":[-1,64]}],"outputs":[{"name":"probabilities","datatype":"FP32","shape":[-1,10]},{"name":"label","datatype":"INT64","shape":[-1]}]}""",
            body.GetRawText());
    }

    [Theory]
    [InlineData("/v2/health/live", """{"live":true}""")]
    [InlineData("/v2/health/ready", """{"ready":true}""")]
    [InlineData("/v2/models/mnist/ready", """{"name":"mnist","ready":true}""")]
    [InlineData("/v2/models/mnist/versions/1/ready", """{"name":"mnist","ready":true}""")]
    [InlineData("/v2/models/mnist-service/ready", """{"name":"mnist-service","ready":true}""")]
    [InlineData("/v2", """{"name":"berth-scoring","version":"0.1.0","extensions":["binary_tensor_data"]}""")]
    public async Task HealthAndServerRoutes_Answer200WithJson(string path, string expected)
    {
        var (status, body) = await Oip.GetAsync(Client, path);

        Assert.Equal(200, status);
        Assert.Equal(expected, JsonSerializer.Serialize(body));
    }

    [Theory]
    [InlineData("/v2/models/mnist/infer")]
    [InlineData("/v2/models/mnist/versions/1/infer")]
    [InlineData("/v2/models/mnist-service/infer")]
    public async Task Infer_TheSampleImage_MatchesNumpy_UnderTheModelOrServiceName(string path)
    {
        var request = Oip.With(Oip.SampleFile("request-oip.json"), "\"id\": \"42\"");

        var (status, body) = await Oip.PostAsync(Client, path, request);

        Assert.Equal(200, status);
        Assert.Equal("mnist", body.GetProperty("model_name").GetString());
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        Assert.Equal("42", body.GetProperty("id").GetString());
        AssertExpectedProbabilities(Oip.Output(body, "probabilities"));
        var label = Oip.Output(body, "label");
        Assert.Equal("INT64", label.GetProperty("datatype").GetString());
        Assert.Equal("[1]", label.GetProperty("shape").GetRawText());
        Assert.Equal(Oip.Expected.GetProperty("label").GetInt64(), label.GetProperty("data")[0].GetInt64());
    }

    [Fact]
    public async Task Infer_NestedData_AndAnOutputsList_ReturnsOnlyThatOutput()
    {
        var nested = JsonSerializer.Serialize(new[] { Oip.Pixels });
        var request = $$$"""{"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "data": {{{nested}}}, "parameters": {"note": "x"}}], "outputs": [{"name": "label"}]}""";

        var (status, body) = await Oip.PostAsync(Client, Infer, request);

        Assert.Equal(200, status);
        Assert.Equal(["label"], body.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Infer_NaNAndInfinityInFp32_PassThroughToTheOutputs()
    {
        var data = Oip.Pixels.Select((v, i) => i == 10 ? "\"NaN\"" : i == 11 ? "\"Infinity\"" : v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var request = $$"""{"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "data": [{{string.Join(",", data)}}]}]}""";

        var (status, body) = await Oip.PostAsync(Client, Infer, request);

        Assert.Equal(200, status);
        Assert.All(Oip.Output(body, "probabilities").GetProperty("data").EnumerateArray(), e => Assert.Equal("NaN", e.GetString()));
    }

    [Fact]
    public async Task Infer_BinaryInputAndOutput_RoundTripsTheSameValues()
    {
        var pixels = System.Runtime.InteropServices.MemoryMarshal.AsBytes(Oip.Pixels.AsSpan()).ToArray();
        var json = """{"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "parameters": {"binary_data_size": 256}}], "outputs": [{"name": "probabilities", "parameters": {"binary_data": true}}, {"name": "label"}]}""";

        using var response = await Client.SendWithTimeoutAsync(Oip.Binary(Infer, json, pixels));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headerLength = int.Parse(response.Header("Inference-Header-Content-Length")!, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(HttpTest.Timeout);
        var head = JsonDocument.Parse(bytes.AsMemory(0, headerLength)).RootElement;
        var probabilities = Oip.Output(head, "probabilities");
        Assert.Equal(40, probabilities.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(probabilities.TryGetProperty("data", out _));
        Assert.Equal(8, Oip.Output(head, "label").GetProperty("data")[0].GetInt64());
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(headerLength)).ToArray();
        var (_, viaJson) = await Oip.PostAsync(Client, Infer, Oip.SampleFile("request-oip.json"));
        Assert.Equal(Oip.Floats(Oip.Output(viaJson, "probabilities")), values);
    }

    [Fact]
    public async Task Infer_BinaryDataOutputParameter_SendsEveryOutputAsBinary()
    {
        var request = Oip.With(Oip.SampleFile("request-oip.json"), "\"parameters\": {\"binary_data_output\": true}");

        using var response = await Client.PostAsync(Infer, request);

        var headerLength = int.Parse(response.Header("Inference-Header-Content-Length")!, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(HttpTest.Timeout);
        Assert.Equal(headerLength + 40 + 8, bytes.Length);
        Assert.Equal(8L, BitConverter.ToInt64(bytes, headerLength + 40));
    }

    public static TheoryData<string, int, string> BadRequests() => new()
    {
        { Oip.Request("pixels", [1, 64], Oip.Pixels), 400, "Input 'pixels' is not an input of model 'mnist'; its inputs are 'input'." },
        { """{"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "data": [0]}, {"name": "extra", "shape": [1], "datatype": "FP32", "data": [1]}]}""".Replace("[0]", "[" + string.Join(",", Enumerable.Repeat(0, 64)) + "]", StringComparison.Ordinal), 400, "Input 'extra' is not an input of model 'mnist'; its inputs are 'input'." },
        { Oip.Request("input", [1, 64], Oip.Pixels.Take(60)), 400, "Input 'input': data has 60 elements, but shape [1,64] needs 64." },
        { Oip.Request("input", [2, 32], Oip.Pixels), 400, "Input 'input' has shape [2,32], but the model expects [-1,64] (-1: any size)." },
        { Oip.Request("input", [1, 64], Oip.Pixels, "FP64"), 400, "Input 'input' has datatype FP64, but the model expects FP32." },
        { Oip.Request("input", [1, 64], Oip.Pixels, "FLOAT"), 400, "Input 'input': datatype 'FLOAT' is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES." },
        { Oip.Request("input", [1, 64], Oip.Pixels).Replace("[0,0,", "[\"zero\",0,", StringComparison.Ordinal), 400, "Input 'input': element 0 is \"zero\", which is not a FP32 value (a number, or \"NaN\", \"Infinity\", \"-Infinity\")." },
        { "", 400, "The request body is empty; expected an inference request JSON object with \"inputs\"." },
        { "{\"inputs\": [", 400, "The request is not valid JSON: " },
        { "{\"outputs\": []}", 400, "The request needs \"inputs\": a non-empty array of {\"name\", \"shape\", \"datatype\", \"data\"}." },
        { Oip.Request("input", [1, 64], Oip.Pixels).Replace("\"inputs\"", "\"outputs\": [{\"name\": \"logits\"}], \"inputs\"", StringComparison.Ordinal), 400, "Output 'logits' is not an output of model 'mnist'; its outputs are 'probabilities', 'label'." },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Infer_BadRequest_IsAnOipErrorSayingWhatWasExpected(string request, int expectedStatus, string message)
    {
        var (status, body) = await Oip.PostAsync(Client, Infer, request);

        Assert.Equal(expectedStatus, status);
        Assert.StartsWith(message, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BinaryHeaderLongerThanTheBody_Is400()
    {
        var request = Oip.Binary(Infer, Oip.SampleFile("request-oip.json"));
        request.Headers.Remove("Inference-Header-Content-Length");
        request.Headers.Add("Inference-Header-Content-Length", "100000");

        using var response = await Client.SendWithTimeoutAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches(@"^Inference-Header-Content-Length is 100000 bytes, but the whole body has only \d+ bytes\.$", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_BinarySizeLargerThanWhatFollows_NamesTheInput()
    {
        var json = """{"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "parameters": {"binary_data_size": 256}}]}""";

        using var response = await Client.SendWithTimeoutAsync(Oip.Binary(Infer, json, new byte[100]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Input 'input': binary_data_size is 256 bytes, but only 100 bytes of binary data remain in the body.", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_BodyOverTheLimit_Is413()
    {
        var big = Oip.Request("input", [1, 64], Oip.Pixels) + new string(' ', OnnxMnistFixture.BodyLimit);

        var (status, body) = await Oip.PostAsync(Client, Infer, big);

        Assert.Equal(413, status);
        Assert.Equal($"The request body exceeds the limit of {OnnxMnistFixture.BodyLimit} bytes.", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/v2/models/digits/infer", "Model with name digits does not exist. This replica serves model 'mnist'.")]
    [InlineData("/v2/models/mnist/versions/7/infer", "Model mnist has no version 7 here. This replica serves version 1.")]
    [InlineData("/v2/models/digits", "Model with name digits does not exist. This replica serves model 'mnist'.")]
    public async Task UnknownModelOrVersion_Is404(string path, string message)
    {
        var (status, body) = path.EndsWith("/infer", StringComparison.Ordinal)
            ? await Oip.PostAsync(Client, path, Oip.SampleFile("request-oip.json"))
            : await Oip.GetAsync(Client, path);

        Assert.Equal(404, status);
        Assert.Equal(message, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task GetOnInfer_Is405()
    {
        var (status, body) = await Oip.GetAsync(Client, Infer);

        Assert.Equal(405, status);
        Assert.Equal("GET is not allowed on /v2/models/mnist/infer; use POST.", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WithoutTheReplicaToken_EveryV2RouteIs401()
    {
        using var bare = new HttpClient { BaseAddress = fixture.Server.BaseAddress, Timeout = HttpTest.Timeout };

        using var live = await bare.GetWithTimeoutAsync("/v2/health/live");
        using var infer = await bare.PostAsync(Infer, Oip.SampleFile("request-oip.json"));

        Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, infer.StatusCode);
    }
}
