using System.Text;
using System.Text.Json;

namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>Open Inference Protocol calls and the sample model's files.</summary>
internal static class Oip
{
    public const string ReplicaToken = "oip-test-token";

    /// <summary>samples/mnist-onnx/expected.json: what numpy computes for the sample's test image.</summary>
    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Paths.Sample("mnist-onnx", "expected.json"))).RootElement;

    public static string SampleFile(string name) => File.ReadAllText(Paths.Sample("mnist-onnx", name));

    /// <summary>The sample's test image: 64 pixels 0..16.</summary>
    public static float[] Pixels { get; } = JsonDocument.Parse(SampleFile("request-oip.json")).RootElement
        .GetProperty("inputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, json);
        return ((int)response.StatusCode, await response.JsonAsync());
    }

    public static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetWithTimeoutAsync(path);
        return ((int)response.StatusCode, await response.JsonAsync());
    }

    /// <summary><paramref name="json"/> (an object) with <paramref name="property"/> (<c>"name": value</c>) added first.</summary>
    public static string With(string json, string property) => "{" + property + ", " + json.TrimStart()[1..];

    /// <summary>An inference request of one FP32 input.</summary>
    public static string Request(string name, long[] shape, IEnumerable<float> data, string datatype = "FP32") =>
        JsonSerializer.Serialize(new { inputs = new[] { new { name, shape, datatype, data } } });

    public static float[] Floats(JsonElement output) => output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static JsonElement Output(JsonElement response, string name) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    /// <summary>A body with the binary extension: the JSON, then the blobs; returns the request with its header.</summary>
    public static HttpRequestMessage Binary(string path, string json, params byte[][] blobs)
    {
        var head = Encoding.UTF8.GetBytes(json);
        var body = head.Concat(blobs.SelectMany(b => b)).ToArray();
        var request = HttpTest.Post(path, body, "application/octet-stream");
        request.Headers.Add("Inference-Header-Content-Length", head.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }
}
