namespace Berth.Scoring.Inference;

/// <summary>What the Open Inference Protocol routes serve: a model's metadata and its inference.</summary>
internal interface IInferenceModel
{
    ModelMetadata Metadata { get; }

    /// <summary>
    /// Runs the request on <paramref name="slot"/> of the replica's <see cref="Hosting.SlotQueue"/> and releases it.
    /// Throws <see cref="InferenceInputException"/> for a request the model cannot take.
    /// </summary>
    Task<InferenceResult> InferAsync(int slot, InferenceRequest request);
}
