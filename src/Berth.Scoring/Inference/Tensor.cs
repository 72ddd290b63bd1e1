namespace Berth.Scoring.Inference;

/// <summary>
/// A named tensor: datatype, shape and the elements row-major in a typed array (<c>float[]</c> for FP32,
/// <c>Half[]</c> for FP16, <c>string[]</c> for BYTES, ...).
/// </summary>
internal sealed record Tensor(string Name, TensorDatatype Datatype, long[] Shape, Array Data)
{
    public int Count => Data.Length;

    /// <summary>How many elements a shape holds; -1 when a dimension is negative or the product overflows an int.</summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) return -1;
            n = checked(n * d);
            if (n > int.MaxValue) return -1;
        }

        return n;
    }

    /// <summary><c>[1,64]</c>, for messages.</summary>
    public static string Describe(IEnumerable<long> shape) => "[" + string.Join(",", shape) + "]";
}
