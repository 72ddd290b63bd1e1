// The ceiling bench/onnx/run.sh compares Berth's OIP binary route with: one InferenceSession on the same .onnx file,
// called from a plain ASP.NET Core minimal API on 127.0.0.1, with nothing of Berth's in between (no router hop, no
// validation beyond what the Run needs, no timeout, no concurrency limit). It reads the OIP binary request (the JSON
// header, then the FP32 input's bytes) and answers with the outputs in binary, as the OIP binary extension does.
// Usage: onnx-ceiling MODEL.onnx PORT
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

if (args.Length != 2 || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("usage: onnx-ceiling MODEL.onnx PORT");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
using var session = new InferenceSession(args[0]);

app.MapPost("/infer", async (HttpRequest request, HttpResponse response) =>
{
    var headerLength = int.Parse(request.Headers["Inference-Header-Content-Length"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer);
    var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    using var header = JsonDocument.Parse(body[..headerLength]);
    var input = header.RootElement.GetProperty("inputs")[0];
    var shape = input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    var data = MemoryMarshal.Cast<byte, float>(body.Span[headerLength..]).ToArray();
    using var results = session.Run([NamedOnnxValue.CreateFromTensor(input.GetProperty("name").GetString()!, new DenseTensor<float>(data, shape))]);

    var blobs = new List<byte[]>();
    using var json = new MemoryStream();
    using (var writer = new Utf8JsonWriter(json))
    {
        writer.WriteStartObject();
        writer.WriteStartArray("outputs");
        foreach (var result in results)
        {
            var (datatype, bytes, dimensions) = result.Value switch
            {
                Tensor<float> f => ("FP32", MemoryMarshal.AsBytes(f.ToArray().AsSpan()).ToArray(), f.Dimensions.ToArray()),
                Tensor<long> l => ("INT64", MemoryMarshal.AsBytes(l.ToArray().AsSpan()).ToArray(), l.Dimensions.ToArray()),
                _ => throw new NotSupportedException($"output {result.Name}: only FP32 and INT64 outputs are written"),
            };
            blobs.Add(bytes);
            writer.WriteStartObject();
            writer.WriteString("name", result.Name);
            writer.WriteString("datatype", datatype);
            writer.WriteStartArray("shape");
            foreach (var d in dimensions) writer.WriteNumberValue(d);
            writer.WriteEndArray();
            writer.WriteStartObject("parameters");
            writer.WriteNumber("binary_data_size", bytes.Length);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    response.ContentType = "application/octet-stream";
    response.Headers["Inference-Header-Content-Length"] = json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
    await response.Body.WriteAsync(json.GetBuffer().AsMemory(0, (int)json.Length));
    foreach (var blob in blobs) await response.Body.WriteAsync(blob);
});

app.Run();
return 0;
