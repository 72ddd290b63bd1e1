using System.Text.Json;
using Berth.Scoring.Http;

namespace Berth.Scoring.Inference;

/// <summary>
/// The inference response: JSON with <c>model_name</c>, <c>model_version</c>, <c>id</c> and <c>outputs</c>; the
/// outputs asked for in binary (<c>binary_data</c>, <c>binary_data_output</c>) follow the JSON as blobs, and
/// <see cref="Body.JsonLength"/> is then the <c>Inference-Header-Content-Length</c>. Pure.
/// </summary>
internal static class InferenceResponseWriter
{
    /// <summary>The response bytes; <see cref="JsonLength"/> is null when every output is in the JSON.</summary>
    public sealed record Body(byte[] Bytes, int? JsonLength);

    public static Body Write(ModelMetadata model, InferenceRequest request, IReadOnlyList<Tensor> outputs)
    {
        var selected = request.Outputs is { } wanted
            ? wanted.Select(w => outputs.FirstOrDefault(o => o.Name == w.Name)).OfType<Tensor>().ToList()
            : outputs;
        var blobs = new List<byte[]>();
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JsonText.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("model_name", model.Name);
            writer.WriteString("model_version", model.Version);
            if (request.Id is { } id) writer.WriteString("id", id);
            writer.WriteStartArray("outputs");
            foreach (var output in selected)
            {
                var blob = request.IsBinary(output.Name) ? TensorBinary.Write(output.Data) : null;
                WriteOutput(writer, output, blob);
                if (blob is not null) blobs.Add(blob);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (blobs.Count == 0) return new Body(json.ToArray(), null);
        var jsonLength = (int)json.Length;
        foreach (var blob in blobs) json.Write(blob);
        return new Body(json.ToArray(), jsonLength);
    }

    private static void WriteOutput(Utf8JsonWriter writer, Tensor output, byte[]? blob)
    {
        writer.WriteStartObject();
        WriteHead(writer, output.Name, output.Datatype, output.Shape);
        if (blob is null)
        {
            writer.WritePropertyName("data");
            TensorJson.WriteFlat(writer, output.Data);
        }
        else
        {
            writer.WriteStartObject("parameters");
            writer.WriteNumber("binary_data_size", blob.Length);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary><c>{"error": "..."}</c>, the body of every Open Inference Protocol error.</summary>
    public static byte[] Error(string message) => System.Text.Encoding.UTF8.GetBytes("{\"error\": " + JsonText.Quote(message) + "}");

    /// <summary>The model metadata JSON.</summary>
    public static byte[] Metadata(ModelMetadata model)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("name", model.Name);
            writer.WriteStartArray("versions");
            writer.WriteStringValue(model.Version);
            writer.WriteEndArray();
            writer.WriteString("platform", model.Platform);
            WriteTensors(writer, "inputs", model.Inputs ?? []);
            WriteTensors(writer, "outputs", model.Outputs);
            writer.WriteEndObject();
        }

        return json.ToArray();
    }

    private static void WriteTensors(Utf8JsonWriter writer, string property, IReadOnlyList<TensorMetadata> tensors)
    {
        writer.WriteStartArray(property);
        foreach (var t in tensors)
        {
            writer.WriteStartObject();
            WriteHead(writer, t.Name, t.Datatype, t.Shape);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteHead(Utf8JsonWriter writer, string name, TensorDatatype datatype, long[] shape)
    {
        writer.WriteString("name", name);
        writer.WriteString("datatype", datatype.Name());
        writer.WriteStartArray("shape");
        foreach (var d in shape) writer.WriteNumberValue(d);
        writer.WriteEndArray();
    }
}
