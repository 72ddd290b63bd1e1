using System.Net;
using System.Text.Json;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>Every OIP datatype ONNX has, through a real ONNX Runtime Identity graph, as JSON and as binary tensors.</summary>
public sealed class OnnxDatatypeTests(OnnxTypesFixture fixture) : IClassFixture<OnnxTypesFixture>
{
    private const string Infer = "/v2/models/types/infer";

    /// <summary>(suffix, datatype, four JSON values (shape [2, 2]), their binary layout).</summary>
    private static readonly (string Type, string Datatype, string Json, byte[] Binary)[] Cases =
    [
        ("bool", "BOOL", "[true, false, false, true]", [1, 0, 0, 1]),
        ("uint8", "UINT8", "[0, 1, 254, 255]", [0, 1, 254, 255]),
        ("uint16", "UINT16", "[0, 1, 65534, 65535]", Bytes<ushort>([0, 1, 65534, 65535])),
        ("uint32", "UINT32", "[0, 1, 4294967294, 4294967295]", Bytes<uint>([0, 1, 4294967294, 4294967295])),
        ("uint64", "UINT64", "[0, 1, 18446744073709551614, 18446744073709551615]", Bytes<ulong>([0, 1, 18446744073709551614, 18446744073709551615])),
        ("int8", "INT8", "[-128, -1, 1, 127]", Bytes<sbyte>([-128, -1, 1, 127])),
        ("int16", "INT16", "[-32768, -1, 1, 32767]", Bytes<short>([-32768, -1, 1, 32767])),
        ("int32", "INT32", "[-2147483648, -1, 1, 2147483647]", Bytes<int>([-2147483648, -1, 1, 2147483647])),
        ("int64", "INT64", "[-9223372036854775808, -1, 1, 9223372036854775807]", Bytes<long>([long.MinValue, -1, 1, long.MaxValue])),
        ("fp16", "FP16", "[0.5, -2, 1024, 0.25]", Bytes<Half>([(Half)0.5, (Half)(-2), (Half)1024, (Half)0.25])),
        ("fp32", "FP32", "[1.5, \"NaN\", \"Infinity\", \"-Infinity\"]", Bytes<float>([1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity])),
        ("fp64", "FP64", "[0.1, -1e300, 3.141592653589793, 0]", Bytes<double>([0.1, -1e300, Math.PI, 0])),
        ("bytes", "BYTES", "[\"a\", \"\", \"h\u00e9\", \"x y\"]", [1, 0, 0, 0, (byte)'a', 0, 0, 0, 0, 3, 0, 0, 0, (byte)'h', 0xC3, 0xA9, 3, 0, 0, 0, (byte)'x', (byte)' ', (byte)'y']),
    ];

    private static byte[] Bytes<T>(T[] values) where T : struct => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static string JsonInputs() =>
        string.Join(", ", Cases.Select(c => $$$"""{"name": "x_{{{c.Type}}}", "datatype": "{{{c.Datatype}}}", "shape": [2, 2], "data": {{{c.Json}}}}"""));

    [Fact]
    public async Task Metadata_HasEveryDatatype_WithTheDynamicAxis()
    {
        var (_, body) = await Oip.GetAsync(fixture.Client, "/v2/models/types");

        var inputs = body.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.Equal(Cases.ToDictionary(c => "x_" + c.Type, c => (string?)c.Datatype), inputs);
        Assert.All(body.GetProperty("outputs").EnumerateArray(), o => Assert.Equal("[-1,2]", o.GetProperty("shape").GetRawText()));
    }

    [Fact]
    public async Task Json_EveryDatatype_ComesBackUnchanged()
    {
        var (status, body) = await Oip.PostAsync(fixture.Client, Infer, $$"""{"inputs": [{{JsonInputs()}}]}""");

        Assert.Equal(200, status);
        foreach (var c in Cases)
        {
            var output = Oip.Output(body, "y_" + c.Type);
            Assert.Equal(c.Datatype, output.GetProperty("datatype").GetString());
            Assert.Equal("[2,2]", output.GetProperty("shape").GetRawText());
            Assert.Equal(Normalize(c.Json), Normalize(output.GetProperty("data").GetRawText()));
        }
    }

    [Fact]
    public async Task Binary_EveryDatatype_ComesBackByteForByte()
    {
        var inputs = string.Join(", ", Cases.Select(c => $$$"""{"name": "x_{{{c.Type}}}", "datatype": "{{{c.Datatype}}}", "shape": [2, 2], "parameters": {"binary_data_size": {{{c.Binary.Length}}}}}"""));
        var outputs = string.Join(", ", Cases.Select(c => $$$"""{"name": "y_{{{c.Type}}}", "parameters": {"binary_data": true}}"""));

        using var response = await fixture.Client.SendWithTimeoutAsync(Oip.Binary(Infer, $$"""{"inputs": [{{inputs}}], "outputs": [{{outputs}}]}""", [.. Cases.Select(c => c.Binary)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var length = int.Parse(response.Header("Inference-Header-Content-Length")!, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(HttpTest.Timeout);
        var head = JsonDocument.Parse(bytes.AsMemory(0, length)).RootElement;
        var at = length;
        foreach (var c in Cases)
        {
            var size = Oip.Output(head, "y_" + c.Type).GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
            Assert.Equal(c.Binary, bytes.AsSpan(at, size).ToArray());
            at += size;
        }

        Assert.Equal(bytes.Length, at);
    }

    [Fact]
    public async Task MissingInputs_AreNamed()
    {
        var (status, body) = await Oip.PostAsync(fixture.Client, Infer, """{"inputs": [{"name": "x_bool", "datatype": "BOOL", "shape": [1, 2], "data": [true, false]}]}""");

        Assert.Equal(400, status);
        Assert.StartsWith("Input 'x_uint8', 'x_uint16', ", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("is missing; model 'types' needs 'x_bool', ", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UINT8", "[256]", "Input 'x': element 0 is 256, which is not a UINT8 value (an integer in its range).")]
    [InlineData("BOOL", "[1]", "Input 'x': element 0 is 1, which is not a BOOL value (true or false).")]
    [InlineData("BYTES", "[1]", "Input 'x': element 0 is 1, which is not a BYTES value (a string).")]
    [InlineData("INT32", "[1.5]", "Input 'x': element 0 is 1.5, which is not a INT32 value (an integer in its range).")]
    public async Task DataOutsideTheDatatype_Is400(string datatype, string data, string message)
    {
        var (status, body) = await Oip.PostAsync(fixture.Client, Infer, $$$"""{"inputs": [{"name": "x", "datatype": "{{{datatype}}}", "shape": [1], "data": {{{data}}}}]}""");

        Assert.Equal(400, status);
        Assert.Equal(message, body.GetProperty("error").GetString());
    }

    /// <summary>The values as text, numbers by value (1e300 and 1E+300 are the same), so input and output compare.</summary>
    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement.EnumerateArray().Select(Value));

    private static string Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Number when e.TryGetUInt64(out var u) => u.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => e.ToString(),
    };
}
