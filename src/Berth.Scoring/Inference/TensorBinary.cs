using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Scoring.Inference;

/// <summary>
/// The binary tensor extension's layout: little-endian, row-major, no padding; BOOL one byte per element; BYTES a
/// 4-byte little-endian length before each element's bytes (UTF-8 text here).
/// </summary>
internal static class TensorBinary
{
    /// <summary>The elements in <paramref name="bytes"/>; throws 400 naming <paramref name="what"/> when the size does not fit the shape.</summary>
    public static Array Read(ReadOnlySpan<byte> bytes, TensorDatatype datatype, int count, string what)
    {
        if (datatype == TensorDatatype.Bytes) return ReadStrings(bytes, count, what);
        var expected = (long)count * datatype.ElementSize();
        if (bytes.Length != expected)
        {
            throw InferenceInputException.BadRequest(
                $"{what}: binary_data_size is {bytes.Length} bytes, but {count} {datatype.Name()} elements take {expected} bytes.");
        }

        return datatype switch
        {
            TensorDatatype.Bool => Bools(bytes),
            TensorDatatype.Uint8 => bytes.ToArray(),
            TensorDatatype.Uint16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray(),
            TensorDatatype.Uint32 => MemoryMarshal.Cast<byte, uint>(bytes).ToArray(),
            TensorDatatype.Uint64 => MemoryMarshal.Cast<byte, ulong>(bytes).ToArray(),
            TensorDatatype.Int8 => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray(),
            TensorDatatype.Int16 => MemoryMarshal.Cast<byte, short>(bytes).ToArray(),
            TensorDatatype.Int32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
            TensorDatatype.Int64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
            TensorDatatype.Fp16 => MemoryMarshal.Cast<byte, Half>(bytes).ToArray(),
            TensorDatatype.Fp32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            _ => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
        };
    }

    private static bool[] Bools(ReadOnlySpan<byte> bytes)
    {
        var result = new bool[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) result[i] = bytes[i] != 0;
        return result;
    }

    private static string[] ReadStrings(ReadOnlySpan<byte> bytes, int count, string what)
    {
        var result = new string[count];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - at < 4) throw InferenceInputException.BadRequest($"{what}: the binary data ends before BYTES element {i} of {count}.");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            at += 4;
            if (length > bytes.Length - at) throw InferenceInputException.BadRequest($"{what}: BYTES element {i} says {length} bytes, but only {bytes.Length - at} remain.");
            result[i] = Encoding.UTF8.GetString(bytes.Slice(at, (int)length));
            at += (int)length;
        }

        if (at != bytes.Length) throw InferenceInputException.BadRequest($"{what}: {bytes.Length - at} bytes are left over after the {count} BYTES elements of the shape.");
        return result;
    }

    /// <summary>The elements in the binary layout.</summary>
    public static byte[] Write(Array data) => TensorDatatypes.Of(data) switch
    {
        TensorDatatype.Bool => ((bool[])data).Select(v => v ? (byte)1 : (byte)0).ToArray(),
        TensorDatatype.Uint8 => (byte[])data,
        TensorDatatype.Bytes => Strings((string[])data),
        TensorDatatype.Uint16 => MemoryMarshal.AsBytes(((ushort[])data).AsSpan()).ToArray(),
        TensorDatatype.Uint32 => MemoryMarshal.AsBytes(((uint[])data).AsSpan()).ToArray(),
        TensorDatatype.Uint64 => MemoryMarshal.AsBytes(((ulong[])data).AsSpan()).ToArray(),
        TensorDatatype.Int8 => MemoryMarshal.AsBytes(((sbyte[])data).AsSpan()).ToArray(),
        TensorDatatype.Int16 => MemoryMarshal.AsBytes(((short[])data).AsSpan()).ToArray(),
        TensorDatatype.Int32 => MemoryMarshal.AsBytes(((int[])data).AsSpan()).ToArray(),
        TensorDatatype.Int64 => MemoryMarshal.AsBytes(((long[])data).AsSpan()).ToArray(),
        TensorDatatype.Fp16 => MemoryMarshal.AsBytes(((Half[])data).AsSpan()).ToArray(),
        TensorDatatype.Fp32 => MemoryMarshal.AsBytes(((float[])data).AsSpan()).ToArray(),
        _ => MemoryMarshal.AsBytes(((double[])data).AsSpan()).ToArray(),
    };

    private static byte[] Strings(string[] values)
    {
        using var stream = new MemoryStream();
        Span<byte> prefix = stackalloc byte[4];
        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)bytes.Length);
            stream.Write(prefix);
            stream.Write(bytes);
        }

        return stream.ToArray();
    }
}
