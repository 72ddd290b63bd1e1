using System.Text.Json;
using Berth.Scoring.Http;
using Berth.Scoring.Inference;

namespace Berth.Scoring.Onnx;

/// <summary>
/// The platform's /score for an ONNX model: <c>{"data": [[...]]}</c> for a model with one input, or
/// <c>{"&lt;input name&gt;": [[...]], ...}</c>; nested lists take the model's datatype, their nesting is the shape (one
/// row may leave out the batch axis). The answer is <c>{"&lt;output name&gt;": [[...]], ...}</c>. Pure.
/// </summary>
internal static class OnnxScoreBody
{
    public static List<Tensor> Read(ReadOnlyMemory<byte> body, IReadOnlyList<TensorMetadata> inputs)
    {
        if (body.IsEmpty) throw Bad("POST body is empty. Expecting a JSON dictionary.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw Bad($"POST body could not be decoded as JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("POST body should be a JSON dictionary.");
            var byName = root.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
            if (inputs.Count == 1 && byName.Remove("data", out var data)) byName[inputs[0].Name] = data;
            foreach (var key in byName.Keys.Where(k => inputs.All(i => i.Name != k)))
            {
                throw Bad($"'{key}' is not an input of the model; send {Expected(inputs)}.");
            }

            return inputs.Select(i => byName.TryGetValue(i.Name, out var value)
                ? ReadInput(value, i)
                : throw Bad($"A value is not provided for the '{i.Name}' input; send {Expected(inputs)}.")).ToList();
        }
    }

    private static string Expected(IReadOnlyList<TensorMetadata> inputs) =>
        inputs.Count == 1
            ? $"{{\"data\": <nested list of shape {Tensor.Describe(inputs[0].Shape)}>}}"
            : "{" + string.Join(", ", inputs.Select(i => $"\"{i.Name}\": <{Tensor.Describe(i.Shape)}>")) + "}";

    private static Tensor ReadInput(JsonElement value, TensorMetadata input)
    {
        var shape = TensorJson.ShapeOf(value) ?? throw Bad($"'{input.Name}' must be a rectangular nested list (every row the same length).");
        if (shape.Length == input.Shape.Length - 1) shape = [1, .. shape]; // one row without the batch axis
        if (!InferenceChecks.Fits(shape, input.Shape))
        {
            throw Bad($"'{input.Name}' has shape {Tensor.Describe(shape)}, but the model expects {Tensor.Describe(input.Shape)} (-1: any size).");
        }

        var count = Tensor.ElementCount(shape);
        if (count < 0) throw Bad($"'{input.Name}' is too large for one request.");
        return new Tensor(input.Name, input.Datatype, shape, TensorJson.Read(value, input.Datatype, (int)count, $"'{input.Name}'"));
    }

    public static byte[] Write(IReadOnlyList<Tensor> outputs)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JsonText.Options.Encoder }))
        {
            writer.WriteStartObject();
            foreach (var output in outputs)
            {
                writer.WritePropertyName(output.Name);
                TensorJson.WriteNested(writer, output.Data, output.Shape);
            }

            writer.WriteEndObject();
        }

        return json.ToArray();
    }

    private static InferenceInputException Bad(string message) => InferenceInputException.BadRequest(message);
}
