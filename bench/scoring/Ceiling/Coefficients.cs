using System.Text.Json;

namespace Berth.Bench.Ceiling;

/// <summary>The Ridge model's intercept and coefficients, as samples/diabetes/train.py writes them.</summary>
internal sealed class Coefficients(double intercept, double[] weights)
{
    public static Coefficients Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = json.RootElement;
        return new Coefficients(root.GetProperty("intercept").GetDouble(),
            root.GetProperty("coefficients").EnumerateArray().Select(c => c.GetDouble()).ToArray());
    }

    public double[] Predict(double[][] rows)
    {
        var predictions = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < weights.Length; j++) sum += rows[i][j] * weights[j];
            predictions[i] = sum + intercept;
        }

        return predictions;
    }
}
