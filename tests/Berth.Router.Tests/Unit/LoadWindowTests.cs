using Berth.Router.Stats;

namespace Berth.Router.Tests.Unit;

public sealed class LoadWindowTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Summarize_MeanOfTheNewestSamples_RateFromTheCountDifference()
    {
        (double, long)[] newestFirst = [(1.0, 100), (0.5, 90), (0.0, 80), (0.0, 50)];

        var (demand, rate) = LoadWindow.Summarize(newestFirst, samples: 3, Interval);

        Assert.Equal(0.5, demand, precision: 9);
        Assert.Equal(50 / 0.3, rate, precision: 6);
    }

    [Fact]
    public void Summarize_NoSamples_Zero()
    {
        Assert.Equal((0.0, 0.0), LoadWindow.Summarize([], 10, Interval));
        Assert.Equal((2.0, 0.0), LoadWindow.Summarize([(2.0, 7)], 10, Interval));
    }

    [Fact]
    public void Over_UsesTheLastSecondOrMinuteOfSamples()
    {
        var window = new LoadWindow();
        for (var i = 0; i < 600; i++)
        {
            window.Add(i < 590 ? 0.0 : 1.0, requestsSoFar: i * 10L);
        }

        var second = window.Over(TimeSpan.FromSeconds(1));
        var minute = window.Over(TimeSpan.FromMinutes(1));

        Assert.Equal(1.0, second.Demand, precision: 9);
        Assert.Equal(100.0, second.RequestsPerSecond, precision: 6);
        Assert.Equal(10 / 600.0, minute.Demand, precision: 9);
        Assert.Equal(100.0, minute.RequestsPerSecond, precision: 6);
    }

    [Fact]
    public void PeakPerSecond_IsTheBusiestSecondOfTheWindow_NotItsAverage()
    {
        // One reading per 100 ms: 10 requests/s for 2 s, then a second of 80, then 10 again for 2 s (reversed: newest first).
        var counts = new List<long>();
        long total = 0;
        foreach (var perReading in Enumerable.Repeat(0.5, 20).Concat(Enumerable.Repeat(4.0, 10)).Concat(Enumerable.Repeat(0.5, 20)))
        {
            total += (long)(perReading * 2);
            counts.Add(total);
        }

        counts.Reverse();
        var peak = LoadWindow.PeakPerSecond(counts.ToArray(), TimeSpan.FromMilliseconds(100));

        Assert.Equal(80, peak, 1);
    }
}
