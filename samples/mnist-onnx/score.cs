// A C# entry script around the ONNX model: pre- and post-processing in C#, the model run by ONNX Runtime.
// berth-scoring references Microsoft.ML.OnnxRuntime for every score.cs, so nothing needs to be shipped next to it.
//
// Input:  {"pixels": [64 grey levels 0..255, row-major 8x8]}, or several images as {"data": [[64], [64], ...]}
//         (the body the Open Inference Protocol gives run() for one input of shape [n, 64])
// Output: {"labels": [8], "confidences": [0.77], "probabilities": [[...10 values...]]}
using Microsoft.ML.OnnxRuntime;

public class Score
{
    private InferenceSession? _session;

    public void Init()
    {
        // AZUREML_MODEL_DIR is .../azureml-models/<name>/<version>; the registered file keeps its name.
        var path = Path.Combine(Environment.GetEnvironmentVariable("AZUREML_MODEL_DIR")!, "model.onnx");
        _session = new InferenceSession(path);
        Console.WriteLine($"Loaded {path}: input {string.Join(", ", _session.InputMetadata.Keys)}");
    }

    public object Run(JsonElement request)
    {
        var images = request.TryGetProperty("data", out var many)
            ? many.EnumerateArray().Select(Pixels).ToList()
            : [Pixels(request.GetProperty("pixels"))];

        // The model was trained on scikit-learn's digits, whose pixels are 0..16: scale the 0..255 grey levels.
        var input = images.SelectMany(p => p).Select(v => v * 16f / 255f).ToArray();
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [images.Count, 64]);
        using var options = new RunOptions();
        using var outputs = _session!.Run(options, ["input"], [tensor], ["probabilities"]);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray().Chunk(10).ToList();
        return new
        {
            labels = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray(),
            confidences = probabilities.Select(p => p.Max()).ToArray(),
            probabilities,
        };
    }

    private static float[] Pixels(JsonElement pixels)
    {
        var values = pixels.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        if (values.Length != 64) throw new ArgumentException($"an image has 64 pixels (8x8), got {values.Length}");
        return values;
    }
}
