namespace Berth.Scoring.Inference;

/// <summary>The outputs of one inference, or why there are none (<see cref="Status"/> 500 for a failed run, with <see cref="Error"/>).</summary>
internal sealed record InferenceResult(IReadOnlyList<Tensor> Outputs, int Status = 200, string? Error = null)
{
    public static InferenceResult Failed(string error) => new([], 500, error);
}
