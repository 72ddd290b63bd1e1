namespace Berth.Router.Stats;

/// <summary>
/// A lock-free histogram of microsecond values in log buckets (8 per power of two, so a quantile is within about
/// 12%). <see cref="BucketOf"/> and <see cref="Quantile"/> are pure.
/// </summary>
internal sealed class LogHistogram
{
    public const int SubBuckets = 8;
    public const int BucketCount = 16 + (48 * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private long _max;

    public long MaxMicroseconds => Interlocked.Read(ref _max);

    public void Record(long microseconds)
    {
        microseconds = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[BucketOf(microseconds)]);
        var max = Interlocked.Read(ref _max);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public long[] Snapshot()
    {
        var copy = new long[BucketCount];
        for (var i = 0; i < BucketCount; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return copy;
    }

    /// <summary>The bucket of a value: values below 16 have their own bucket, then 8 buckets per power of two.</summary>
    public static int BucketOf(long value)
    {
        if (value < 16)
        {
            return (int)Math.Max(0, value);
        }

        var exponent = 63 - (int)long.LeadingZeroCount(value);
        var sub = (int)((value >> (exponent - 3)) & (SubBuckets - 1));
        return Math.Min(BucketCount - 1, 16 + ((exponent - 4) * SubBuckets) + sub);
    }

    /// <summary>The smallest value of a bucket (the inverse of <see cref="BucketOf"/>).</summary>
    public static long LowerBound(int bucket)
    {
        if (bucket < 16)
        {
            return bucket;
        }

        var exponent = ((bucket - 16) / SubBuckets) + 4;
        var sub = (bucket - 16) % SubBuckets;
        return (1L << exponent) + ((long)sub << (exponent - 3));
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): the midpoint of the bucket holding that rank; 0 when empty.</summary>
    public static double Quantile(ReadOnlySpan<long> counts, double q)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(q, 0, 1) * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                var low = LowerBound(i);
                var high = i + 1 < BucketCount ? LowerBound(i + 1) : low;
                return i < 16 ? low : (low + high) / 2.0;
            }
        }

        return LowerBound(counts.Length - 1);
    }

    public static long Total(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        return total;
    }
}
