namespace Berth.Scoring.Inference;

/// <summary>
/// A request against the model's declared inputs and outputs: names, datatypes and shapes (-1 matches any size).
/// Throws 400 saying which input and what was expected. Pure.
/// </summary>
internal static class InferenceChecks
{
    public static void Validate(InferenceRequest request, ModelMetadata model)
    {
        if (model.Inputs is { } inputs)
        {
            foreach (var tensor in request.Inputs)
            {
                var declared = inputs.FirstOrDefault(i => i.Name == tensor.Name)
                    ?? throw Bad($"Input '{tensor.Name}' is not an input of model '{model.Name}'; its inputs are {Names(inputs)}.");
                Check(tensor, declared);
            }

            var missing = inputs.Where(i => request.Inputs.All(t => t.Name != i.Name)).Select(i => $"'{i.Name}'").ToList();
            if (missing.Count > 0) throw Bad($"Input {string.Join(", ", missing)} is missing; model '{model.Name}' needs {Names(inputs)}.");
        }

        foreach (var output in request.Outputs ?? [])
        {
            if (model.Outputs.All(o => o.Name != output.Name))
            {
                throw Bad($"Output '{output.Name}' is not an output of model '{model.Name}'; its outputs are {Names(model.Outputs)}.");
            }
        }
    }

    private static void Check(Tensor tensor, TensorMetadata declared)
    {
        if (tensor.Datatype != declared.Datatype)
        {
            throw Bad($"Input '{tensor.Name}' has datatype {tensor.Datatype.Name()}, but the model expects {declared.Datatype.Name()}.");
        }

        if (!Fits(tensor.Shape, declared.Shape))
        {
            throw Bad($"Input '{tensor.Name}' has shape {Tensor.Describe(tensor.Shape)}, but the model expects {Tensor.Describe(declared.Shape)} (-1: any size).");
        }
    }

    /// <summary>Whether a concrete shape matches a declared one (-1 is any size).</summary>
    public static bool Fits(IReadOnlyList<long> shape, IReadOnlyList<long> declared) =>
        shape.Count == declared.Count && shape.Zip(declared).All(p => p.Second < 0 || p.First == p.Second);

    private static string Names(IEnumerable<TensorMetadata> tensors) => string.Join(", ", tensors.Select(t => $"'{t.Name}'"));

    private static InferenceInputException Bad(string message) => InferenceInputException.BadRequest(message);
}
