using System.Runtime.InteropServices;
using Berth.Scoring.Inference;
using Microsoft.ML.OnnxRuntime;
using Tensor = Berth.Scoring.Inference.Tensor;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Berth.Scoring.Onnx;

/// <summary>Between <see cref="Tensor"/> (a typed array) and ONNX Runtime's <see cref="OrtValue"/>.</summary>
internal static class OnnxTensors
{
    /// <summary>The OIP datatype of an ONNX element type; null for the ones OIP has no name for (bfloat16, complex, float8...).</summary>
    public static TensorDatatype? Datatype(TensorElementType type) => type switch
    {
        TensorElementType.Bool => TensorDatatype.Bool,
        TensorElementType.UInt8 => TensorDatatype.Uint8,
        TensorElementType.UInt16 => TensorDatatype.Uint16,
        TensorElementType.UInt32 => TensorDatatype.Uint32,
        TensorElementType.UInt64 => TensorDatatype.Uint64,
        TensorElementType.Int8 => TensorDatatype.Int8,
        TensorElementType.Int16 => TensorDatatype.Int16,
        TensorElementType.Int32 => TensorDatatype.Int32,
        TensorElementType.Int64 => TensorDatatype.Int64,
        TensorElementType.Float16 => TensorDatatype.Fp16,
        TensorElementType.Float => TensorDatatype.Fp32,
        TensorElementType.Double => TensorDatatype.Fp64,
        TensorElementType.String => TensorDatatype.Bytes,
        _ => null,
    };

    /// <summary>An OrtValue over the tensor's array (pinned, not copied; strings are copied into native memory).</summary>
    public static OrtValue ToOrtValue(Tensor tensor) => TensorDatatypes.Of(tensor.Data) switch
    {
        TensorDatatype.Bytes => Strings((string[])tensor.Data, tensor.Shape),
        TensorDatatype.Fp16 => OrtValue.CreateTensorValueFromMemory(MemoryMarshal.Cast<Half, Float16>((Half[])tensor.Data).ToArray(), tensor.Shape),
        TensorDatatype.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, tensor.Shape),
        TensorDatatype.Uint8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, tensor.Shape),
        TensorDatatype.Uint16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, tensor.Shape),
        TensorDatatype.Uint32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, tensor.Shape),
        TensorDatatype.Uint64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, tensor.Shape),
        TensorDatatype.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, tensor.Shape),
        TensorDatatype.Int16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, tensor.Shape),
        TensorDatatype.Int32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, tensor.Shape),
        TensorDatatype.Int64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, tensor.Shape),
        TensorDatatype.Fp32 => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, tensor.Shape),
        _ => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, tensor.Shape),
    };

    private static OrtValue Strings(string[] values, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < values.Length; i++) value.StringTensorSetElementAt(values[i].AsSpan(), i);
        return value;
    }

    /// <summary>A copy of an output tensor; throws when it is not a tensor of an OIP datatype.</summary>
    public static Tensor FromOrtValue(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var datatype = Datatype(info.ElementDataType)
            ?? throw new NotSupportedException($"output '{name}' has ONNX element type {info.ElementDataType}, which the Open Inference Protocol has no datatype for");
        Array data = datatype switch
        {
            TensorDatatype.Bytes => value.GetStringTensorAsArray(),
            TensorDatatype.Fp16 => MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()).ToArray(),
            TensorDatatype.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorDatatype.Uint8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorDatatype.Uint16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorDatatype.Uint32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorDatatype.Uint64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorDatatype.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorDatatype.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorDatatype.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorDatatype.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorDatatype.Fp32 => value.GetTensorDataAsSpan<float>().ToArray(),
            _ => value.GetTensorDataAsSpan<double>().ToArray(),
        };
        return new Tensor(name, datatype, info.Shape, data);
    }
}
