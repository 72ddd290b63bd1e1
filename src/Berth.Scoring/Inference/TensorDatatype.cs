namespace Berth.Scoring.Inference;

/// <summary>The Open Inference Protocol's tensor datatypes that ONNX has (names as on the wire: BOOL, UINT8, ..., BYTES).</summary>
internal enum TensorDatatype
{
    Bool,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Int8,
    Int16,
    Int32,
    Int64,
    Fp16,
    Fp32,
    Fp64,
    Bytes,
}
