using System.Globalization;
using System.Text.Json;

namespace Berth.Scoring.Inference;

/// <summary>
/// Tensor elements to and from JSON: row-major <c>data</c>, nested (<c>[[1,2],[3,4]]</c>) or flat. Floating-point
/// elements may be the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, which JSON has no numbers for;
/// they are written back the same way.
/// </summary>
internal static class TensorJson
{
    /// <summary>How many leaves (non-array values) a nested array holds.</summary>
    public static long CountLeaves(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array) return 1;
        long n = 0;
        foreach (var item in data.EnumerateArray()) n += CountLeaves(item);
        return n;
    }

    /// <summary>The shape of a rectangular nested array (<c>[[1,2],[3,4]]</c> is [2,2], a scalar is []); null when ragged.</summary>
    public static long[]? ShapeOf(JsonElement data)
    {
        var shape = new List<long>();
        var probe = data;
        while (probe.ValueKind == JsonValueKind.Array)
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0) break;
            probe = probe[0];
        }

        return IsRectangular(data, shape, 0) ? [.. shape] : null;
    }

    private static bool IsRectangular(JsonElement data, List<long> shape, int depth)
    {
        if (depth == shape.Count) return data.ValueKind != JsonValueKind.Array;
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != shape[depth]) return false;
        foreach (var item in data.EnumerateArray())
        {
            if (!IsRectangular(item, shape, depth + 1)) return false;
        }

        return true;
    }

    /// <summary>The leaves of <paramref name="data"/> as a typed array of <paramref name="count"/> elements; throws 400 naming <paramref name="what"/>.</summary>
    public static Array Read(JsonElement data, TensorDatatype datatype, int count, string what)
    {
        var array = datatype.NewArray(count);
        var index = 0;
        Fill(data, array, datatype, ref index, what);
        return array;
    }

    private static void Fill(JsonElement data, Array array, TensorDatatype datatype, ref int index, string what)
    {
        if (data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray()) Fill(item, array, datatype, ref index, what);
            return;
        }

        if (!TrySet(data, array, datatype, index))
        {
            throw InferenceInputException.BadRequest(
                $"{what}: element {index} is {Describe(data)}, which is not a {datatype.Name()} value ({Expected(datatype)}).");
        }

        index++;
    }

    private static bool TrySet(JsonElement e, Array array, TensorDatatype datatype, int i)
    {
        switch (datatype)
        {
            case TensorDatatype.Bool when e.ValueKind is JsonValueKind.True or JsonValueKind.False:
                ((bool[])array)[i] = e.GetBoolean();
                return true;
            case TensorDatatype.Bytes when e.ValueKind == JsonValueKind.String:
                ((string[])array)[i] = e.GetString()!;
                return true;
            case TensorDatatype.Fp16 or TensorDatatype.Fp32 or TensorDatatype.Fp64:
                return TrySetFloat(e, array, datatype, i);
            case TensorDatatype.Bool or TensorDatatype.Bytes:
                return false;
            default:
                return e.ValueKind == JsonValueKind.Number && TrySetInteger(e, array, datatype, i);
        }
    }

    private static bool TrySetFloat(JsonElement e, Array array, TensorDatatype datatype, int i)
    {
        double value;
        if (e.ValueKind == JsonValueKind.Number) value = e.GetDouble();
        else if (e.ValueKind == JsonValueKind.String && NamedFloat(e.GetString()) is { } named) value = named;
        else return false;
        switch (datatype)
        {
            case TensorDatatype.Fp16: ((Half[])array)[i] = (Half)value; break;
            case TensorDatatype.Fp32: ((float[])array)[i] = (float)value; break;
            default: ((double[])array)[i] = value; break;
        }

        return true;
    }

    private static double? NamedFloat(string? s) => s switch
    {
        "NaN" => double.NaN,
        "Infinity" or "inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => null,
    };

    private static bool TrySetInteger(JsonElement e, Array array, TensorDatatype datatype, int i)
    {
        switch (datatype)
        {
            case TensorDatatype.Uint8 when e.TryGetByte(out var v): ((byte[])array)[i] = v; return true;
            case TensorDatatype.Uint16 when e.TryGetUInt16(out var v): ((ushort[])array)[i] = v; return true;
            case TensorDatatype.Uint32 when e.TryGetUInt32(out var v): ((uint[])array)[i] = v; return true;
            case TensorDatatype.Uint64 when e.TryGetUInt64(out var v): ((ulong[])array)[i] = v; return true;
            case TensorDatatype.Int8 when e.TryGetSByte(out var v): ((sbyte[])array)[i] = v; return true;
            case TensorDatatype.Int16 when e.TryGetInt16(out var v): ((short[])array)[i] = v; return true;
            case TensorDatatype.Int32 when e.TryGetInt32(out var v): ((int[])array)[i] = v; return true;
            case TensorDatatype.Int64 when e.TryGetInt64(out var v): ((long[])array)[i] = v; return true;
            default: return false;
        }
    }

    private static string Expected(TensorDatatype datatype) => datatype switch
    {
        TensorDatatype.Bool => "true or false",
        TensorDatatype.Bytes => "a string",
        TensorDatatype.Fp16 or TensorDatatype.Fp32 or TensorDatatype.Fp64 => "a number, or \"NaN\", \"Infinity\", \"-Infinity\"",
        _ => "an integer in its range",
    };

    private static string Describe(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    /// <summary>Writes the elements flat, in order.</summary>
    public static void WriteFlat(Utf8JsonWriter writer, Array data)
    {
        writer.WriteStartArray();
        for (var i = 0; i < data.Length; i++) WriteElement(writer, data, i);
        writer.WriteEndArray();
    }

    /// <summary>Writes the elements nested by <paramref name="shape"/> (a 0-d tensor as its one value).</summary>
    public static void WriteNested(Utf8JsonWriter writer, Array data, IReadOnlyList<long> shape)
    {
        var index = 0;
        WriteLevel(writer, data, shape, 0, ref index);
    }

    private static void WriteLevel(Utf8JsonWriter writer, Array data, IReadOnlyList<long> shape, int depth, ref int index)
    {
        if (depth == shape.Count)
        {
            WriteElement(writer, data, index++);
            return;
        }

        writer.WriteStartArray();
        for (long i = 0; i < shape[depth]; i++) WriteLevel(writer, data, shape, depth + 1, ref index);
        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, Array data, int i)
    {
        switch (TensorDatatypes.Of(data))
        {
            case TensorDatatype.Fp32: WriteFloat(writer, ((float[])data)[i]); break;
            case TensorDatatype.Fp64: WriteDouble(writer, ((double[])data)[i]); break;
            case TensorDatatype.Fp16: WriteFloat(writer, (float)((Half[])data)[i]); break;
            case TensorDatatype.Bool: writer.WriteBooleanValue(((bool[])data)[i]); break;
            case TensorDatatype.Bytes: writer.WriteStringValue(((string[])data)[i]); break;
            case TensorDatatype.Uint64: writer.WriteNumberValue(((ulong[])data)[i]); break;
            case TensorDatatype.Int64: writer.WriteNumberValue(((long[])data)[i]); break;
            default: writer.WriteNumberValue(Convert.ToInt64(data.GetValue(i), CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }
}
