// Scores the diabetes Ridge model natively: POST {"data": [[10 numbers], ...]} -> [prediction, ...].
// Init() reads coefficients.json (written by train.py next to the pickle); Run() computes
// intercept + x . coefficients for each row, which is what the scikit-learn Ridge model does.

public record DiabetesInput(double[][] data);

public class DiabetesScore
{
    private double _intercept;
    private double[] _coefficients = [];

    public void Init()
    {
        // The model folder keeps its name under AZUREML_MODEL_DIR (<dir>/model/...), as on the platform.
        var dir = Model.ModelDir ?? Model.GetModelPath("diabetes");
        var file = new[] { Path.Combine(dir, "model", "coefficients.json"), Path.Combine(dir, "coefficients.json") }.FirstOrDefault(File.Exists)
            ?? Path.Combine(dir, "coefficients.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        _intercept = json.RootElement.GetProperty("intercept").GetDouble();
        _coefficients = json.RootElement.GetProperty("coefficients").EnumerateArray().Select(c => c.GetDouble()).ToArray();
    }

    public double[] Run(DiabetesInput input)
    {
        var predictions = new double[input.data.Length];
        for (var i = 0; i < predictions.Length; i++)
        {
            var row = input.data[i];
            if (row.Length != _coefficients.Length)
            {
                throw new ArgumentException($"row {i} has {row.Length} features; the model expects {_coefficients.Length}");
            }

            var sum = 0.0;
            for (var j = 0; j < row.Length; j++) sum += row[j] * _coefficients[j];
            predictions[i] = sum + _intercept;
        }

        return predictions;
    }
}
