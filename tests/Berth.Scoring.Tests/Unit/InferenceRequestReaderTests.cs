using System.Text;
using Berth.Scoring.Inference;

namespace Berth.Scoring.Tests.Unit;

/// <summary>Parsing inference requests with the binary extension: which blob belongs to which input, and the sizes.</summary>
public sealed class InferenceRequestReaderTests
{
    private static (byte[] Body, string Header) Binary(string json, params byte[][] blobs)
    {
        var head = Encoding.UTF8.GetBytes(json);
        return ([.. head, .. blobs.SelectMany(b => b)], head.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Error(Action read) => Assert.Throws<InferenceInputException>(read).Message;

    [Fact]
    public void BlobsFollowTheJson_InTheOrderOfTheInputsThatHaveThem_JsonInputsInBetween()
    {
        var (body, header) = Binary(
            """{"inputs": [{"name": "a", "datatype": "INT16", "shape": [2], "parameters": {"binary_data_size": 4}}, {"name": "j", "datatype": "BOOL", "shape": [1], "data": [true]}, {"name": "s", "datatype": "BYTES", "shape": [2], "parameters": {"binary_data_size": 10}}]}""",
            [1, 0, 255, 255], [1, 0, 0, 0, (byte)'x', 1, 0, 0, 0, (byte)'y']);

        var request = InferenceRequestReader.Read(body, header);

        Assert.Equal(new short[] { 1, -1 }, (short[])request.Inputs[0].Data);
        Assert.Equal(new[] { true }, (bool[])request.Inputs[1].Data);
        Assert.Equal(new[] { "x", "y" }, (string[])request.Inputs[2].Data);
    }

    [Fact]
    public void BytesLeftOverAfterEveryInput_AreAnError()
    {
        var (body, header) = Binary("""{"inputs": [{"name": "a", "datatype": "UINT8", "shape": [1], "parameters": {"binary_data_size": 1}}]}""", [7, 8]);

        Assert.Equal("1 bytes of binary data follow the JSON, but no input's binary_data_size claims them.", Error(() => InferenceRequestReader.Read(body, header)));
    }

    [Fact]
    public void BinarySizeWithoutTheHeader_SaysTheHeaderIsMissing()
    {
        var json = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "a", "datatype": "UINT8", "shape": [1], "parameters": {"binary_data_size": 1}}]}""");

        Assert.Equal(
            "Input 'a' has binary_data_size, but the request has no Inference-Header-Content-Length header to say where the JSON ends.",
            Error(() => InferenceRequestReader.Read(json, null)));
    }

    [Theory]
    [InlineData("FP32", 3, "Input 'a': binary_data_size is 3 bytes, but 1 FP32 elements take 4 bytes.")]
    [InlineData("BYTES", 3, "Input 'a': the binary data ends before BYTES element 0 of 1.")]
    public void BinarySizeThatDoesNotFitTheShape_IsAnError(string datatype, int size, string message)
    {
        var (body, header) = Binary($$$"""{"inputs": [{"name": "a", "datatype": "{{{datatype}}}", "shape": [1], "parameters": {"binary_data_size": {{{size}}}}}]}""", new byte[size]);

        Assert.Equal(message, Error(() => InferenceRequestReader.Read(body, header)));
    }

    [Theory]
    [InlineData("abc", "Inference-Header-Content-Length must be the byte length of the JSON part, a positive integer; got 'abc'.")]
    [InlineData("0", "Inference-Header-Content-Length must be the byte length of the JSON part, a positive integer; got '0'.")]
    public void BadHeaderValue_IsAnError(string header, string message)
    {
        Assert.Equal(message, Error(() => InferenceRequestReader.Read("{}"u8.ToArray(), header)));
    }

    [Fact]
    public void OutputsAndParameters_AreRead()
    {
        var request = InferenceRequestReader.Read(
            """{"id": "7", "parameters": {"binary_data_output": true}, "inputs": [{"name": "a", "datatype": "INT8", "shape": [1], "data": [-3]}], "outputs": [{"name": "y", "parameters": {"binary_data": false}}, {"name": "z"}]}"""u8.ToArray(), null);

        Assert.Equal("7", request.Id);
        Assert.False(request.IsBinary("y"));
        Assert.True(request.IsBinary("z"));
        Assert.Equal(new sbyte[] { -3 }, (sbyte[])request.Inputs[0].Data);
    }
}
