namespace Berth.Scoring.Inference;

/// <summary>A request the model cannot take; becomes <c>{"error": message}</c> with <see cref="Status"/> (400, 404, ...).</summary>
internal sealed class InferenceInputException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static InferenceInputException BadRequest(string message) => new(400, message);
}
