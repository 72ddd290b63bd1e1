using Berth.Router.Stats;

namespace Berth.Router.Tests.Unit;

public sealed class LogHistogramTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(15L)]
    [InlineData(16L)]
    [InlineData(17L)]
    [InlineData(1000L)]
    [InlineData(123_456L)]
    [InlineData(60_000_000L)]
    public void BucketOf_ValueLiesInItsBucket(long value)
    {
        var bucket = LogHistogram.BucketOf(value);
        Assert.InRange(value, LogHistogram.LowerBound(bucket), LogHistogram.LowerBound(bucket + 1) - 1);
    }

    [Fact]
    public void Quantile_WithinTwelvePercent()
    {
        var histogram = new LogHistogram();
        for (var v = 1; v <= 1000; v++)
        {
            histogram.Record(v * 100);
        }

        var counts = histogram.Snapshot();
        Assert.InRange(LogHistogram.Quantile(counts, 0.5), 50_000 * 0.88, 50_000 * 1.12);
        Assert.InRange(LogHistogram.Quantile(counts, 0.99), 99_000 * 0.88, 99_000 * 1.12);
        Assert.Equal(100_000, histogram.MaxMicroseconds);
        Assert.Equal(1000, LogHistogram.Total(counts));
    }

    [Fact]
    public void Quantile_Empty_IsZero()
    {
        Assert.Equal(0, LogHistogram.Quantile(new long[LogHistogram.BucketCount], 0.99));
    }
}
