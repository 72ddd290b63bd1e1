namespace Berth.Bench.Ceiling;

/// <summary>The request body: {"data": [[10 numbers], ...]}.</summary>
internal sealed record DiabetesInput(double[][] data);
