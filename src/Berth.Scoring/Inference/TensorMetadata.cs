namespace Berth.Scoring.Inference;

/// <summary>A model input or output as the metadata route shows it; -1 in <see cref="Shape"/> is a dynamic axis.</summary>
internal sealed record TensorMetadata(string Name, TensorDatatype Datatype, long[] Shape);
