namespace Berth.Scoring.Inference;

/// <summary>An Open Inference Protocol inference request, parsed and checked against itself (not yet against a model).</summary>
internal sealed record InferenceRequest(string? Id, IReadOnlyList<Tensor> Inputs, IReadOnlyList<RequestedOutput>? Outputs, bool BinaryOutputs)
{
    /// <summary>Whether the output should go back in the binary extension: its own <c>binary_data</c>, else the request's <c>binary_data_output</c>.</summary>
    public bool IsBinary(string output) =>
        Outputs?.FirstOrDefault(o => o.Name == output) is { Binary: { } binary } ? binary : BinaryOutputs;
}

/// <summary>One entry of the request's <c>outputs</c>: a name, and <c>parameters.binary_data</c> when given.</summary>
internal sealed record RequestedOutput(string Name, bool? Binary);
