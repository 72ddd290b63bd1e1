namespace Berth.Scoring.Inference;

/// <summary>
/// What <c>GET /v2/models/{name}</c> answers. <see cref="Inputs"/> is null when the model does not declare them (an
/// entry script), and then requests are not checked against it.
/// </summary>
internal sealed record ModelMetadata(string Name, string Version, string Platform, IReadOnlyList<TensorMetadata>? Inputs, IReadOnlyList<TensorMetadata> Outputs);
