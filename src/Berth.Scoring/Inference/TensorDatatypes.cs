namespace Berth.Scoring.Inference;

/// <summary>Wire names, element sizes and .NET element types of <see cref="TensorDatatype"/>.</summary>
internal static class TensorDatatypes
{
    private static readonly string[] Names = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];
    private static readonly int[] Sizes = [1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 0];
    private static readonly Type[] Types =
    [
        typeof(bool), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong), typeof(sbyte), typeof(short), typeof(int), typeof(long),
        typeof(Half), typeof(float), typeof(double), typeof(string),
    ];

    /// <summary>Every wire name, for messages.</summary>
    public static string All => string.Join(", ", Names);

    public static string Name(this TensorDatatype datatype) => Names[(int)datatype];

    /// <summary>Bytes per element in the binary extension; 0 for BYTES (each element is length-prefixed).</summary>
    public static int ElementSize(this TensorDatatype datatype) => Sizes[(int)datatype];

    /// <summary>The .NET type of one element (<see cref="Half"/> for FP16, <see cref="string"/> for BYTES).</summary>
    public static Type ElementType(this TensorDatatype datatype) => Types[(int)datatype];

    public static bool TryParse(string? name, out TensorDatatype datatype)
    {
        var i = Array.IndexOf(Names, name);
        datatype = (TensorDatatype)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>
    /// The datatype of a typed array, by its exact element type. (Not <c>data is byte[]</c>: the runtime says an
    /// <c>sbyte[]</c> is a <c>byte[]</c>, a <c>short[]</c> a <c>ushort[]</c>, and so on.)
    /// </summary>
    public static TensorDatatype Of(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var i = Array.IndexOf(Types, data.GetType().GetElementType());
        return i >= 0 ? (TensorDatatype)i : throw new ArgumentException($"no tensor datatype for {data.GetType()}", nameof(data));
    }

    /// <summary>A new array of <paramref name="length"/> elements of the datatype's .NET type.</summary>
    public static Array NewArray(this TensorDatatype datatype, int length) => Array.CreateInstance(datatype.ElementType(), length);
}
