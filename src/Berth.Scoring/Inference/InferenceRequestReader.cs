using System.Globalization;
using System.Text.Json;

namespace Berth.Scoring.Inference;

/// <summary>
/// Parses an inference request body: the JSON object, then, when <c>Inference-Header-Content-Length</c> is given, the
/// binary blobs after it, in the order of the inputs that have <c>parameters.binary_data_size</c>. Every mistake is a
/// 400 that names the input and what was expected. Pure.
/// </summary>
internal static class InferenceRequestReader
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    public static InferenceRequest Read(ReadOnlyMemory<byte> body, string? headerLength)
    {
        if (body.IsEmpty) throw Bad("The request body is empty; expected an inference request JSON object with \"inputs\".");
        var jsonLength = JsonLength(body.Length, headerLength);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[..jsonLength]);
        }
        catch (JsonException e)
        {
            throw Bad($"The request is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("The request must be a JSON object with \"inputs\".");
            var blobs = body[jsonLength..];
            var inputs = ReadInputs(root, ref blobs, headerLength is not null);
            if (!blobs.IsEmpty) throw Bad($"{blobs.Length} bytes of binary data follow the JSON, but no input's binary_data_size claims them.");
            var id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
            var binaryAll = root.TryGetProperty("parameters", out var p) && Flag(p, "binary_data_output", "parameters") is true;
            return new InferenceRequest(id, inputs, ReadOutputs(root), binaryAll);
        }
    }

    private static int JsonLength(int bodyLength, string? headerLength)
    {
        if (headerLength is null) return bodyLength;
        if (!int.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length == 0)
        {
            throw Bad($"{HeaderLengthHeader} must be the byte length of the JSON part, a positive integer; got '{headerLength}'.");
        }

        if (length > bodyLength)
        {
            throw Bad($"{HeaderLengthHeader} is {length} bytes, but the whole body has only {bodyLength} bytes.");
        }

        return length;
    }

    private static List<Tensor> ReadInputs(JsonElement root, ref ReadOnlyMemory<byte> blobs, bool binaryAllowed)
    {
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
        {
            throw Bad("The request needs \"inputs\": a non-empty array of {\"name\", \"shape\", \"datatype\", \"data\"}.");
        }

        var result = new List<Tensor>();
        foreach (var input in inputs.EnumerateArray())
        {
            var tensor = ReadInput(input, result.Count, ref blobs, binaryAllowed);
            if (result.Any(t => t.Name == tensor.Name)) throw Bad($"Input '{tensor.Name}' is given twice.");
            result.Add(tensor);
        }

        return result;
    }

    private static Tensor ReadInput(JsonElement input, int position, ref ReadOnlyMemory<byte> blobs, bool binaryAllowed)
    {
        if (input.ValueKind != JsonValueKind.Object) throw Bad($"inputs[{position}] must be an object.");
        var name = input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw Bad($"inputs[{position}] has no \"name\".");
        var what = $"Input '{name}'";
        var datatypeText = input.TryGetProperty("datatype", out var dt) && dt.ValueKind == JsonValueKind.String ? dt.GetString() : null;
        if (!TensorDatatypes.TryParse(datatypeText, out var datatype))
        {
            throw Bad($"{what}: datatype {(datatypeText is null ? "is missing" : $"'{datatypeText}' is not one of")} {(datatypeText is null ? "(one of " + TensorDatatypes.All + ")" : TensorDatatypes.All)}.");
        }

        var shape = ReadShape(input, what);
        var count = Tensor.ElementCount(shape);
        if (count < 0) throw Bad($"{what}: shape {Tensor.Describe(shape)} holds more elements than one request may carry.");
        var binarySize = input.TryGetProperty("parameters", out var parameters) ? BinarySize(parameters, what) : null;
        if (binarySize is { } size)
        {
            if (!binaryAllowed) throw Bad($"{what} has binary_data_size, but the request has no {HeaderLengthHeader} header to say where the JSON ends.");
            if (size > blobs.Length) throw Bad($"{what}: binary_data_size is {size} bytes, but only {blobs.Length} bytes of binary data remain in the body.");
            var data = TensorBinary.Read(blobs.Span[..(int)size], datatype, (int)count, what);
            blobs = blobs[(int)size..];
            return new Tensor(name, datatype, shape, data);
        }

        if (!input.TryGetProperty("data", out var json)) throw Bad($"{what} has no \"data\" (nor parameters.binary_data_size).");
        var leaves = TensorJson.CountLeaves(json);
        if (leaves != count)
        {
            throw Bad($"{what}: data has {leaves} elements, but shape {Tensor.Describe(shape)} needs {count}.");
        }

        return new Tensor(name, datatype, shape, TensorJson.Read(json, datatype, (int)count, what));
    }

    private static long[] ReadShape(JsonElement input, string what)
    {
        if (!input.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"{what} has no \"shape\" (an array of dimensions, e.g. [1, 64]).");
        }

        var dims = new long[shape.GetArrayLength()];
        var i = 0;
        foreach (var d in shape.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0)
            {
                throw Bad($"{what}: shape {shape.GetRawText()} must hold non-negative integers.");
            }

            dims[i++] = dim;
        }

        return dims;
    }

    private static long? BinarySize(JsonElement parameters, string what)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("binary_data_size", out var size)) return null;
        return size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var n) && n >= 0 ? n
            : throw Bad($"{what}: binary_data_size must be a non-negative integer, got {size.GetRawText()}.");
    }

    private static List<RequestedOutput>? ReadOutputs(JsonElement root)
    {
        if (!root.TryGetProperty("outputs", out var outputs)) return null;
        if (outputs.ValueKind != JsonValueKind.Array) throw Bad("\"outputs\" must be an array of {\"name\"}.");
        var result = new List<RequestedOutput>();
        foreach (var output in outputs.EnumerateArray())
        {
            var name = output.ValueKind == JsonValueKind.Object && output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : throw Bad($"outputs[{result.Count}] has no \"name\".");
            var binary = output.TryGetProperty("parameters", out var p) ? Flag(p, "binary_data", $"Output '{name}'") : null;
            result.Add(new RequestedOutput(name, binary));
        }

        return result;
    }

    private static bool? Flag(JsonElement parameters, string name, string what)
    {
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad($"{what}: {name} must be true or false, got {value.GetRawText()}."),
        };
    }

    private static InferenceInputException Bad(string message) => InferenceInputException.BadRequest(message);
}
