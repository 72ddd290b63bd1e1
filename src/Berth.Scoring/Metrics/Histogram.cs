using System.Globalization;
using System.Text;

namespace Berth.Scoring.Metrics;

/// <summary>A lock-free Prometheus histogram (seconds) with fixed buckets.</summary>
internal sealed class Histogram
{
    private static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicros;

    public void Observe(double seconds)
    {
        var i = 0;
        while (i < Bounds.Length && seconds > Bounds[i]) i++;
        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumMicros, (long)(seconds * 1_000_000));
    }

    public void Render(StringBuilder sb, string name, string help)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" histogram\n");
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            sb.Append(name).Append("_bucket{le=\"").Append(Bounds[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ").Append(cumulative).Append('\n');
        }

        cumulative += Volatile.Read(ref _counts[^1]);
        sb.Append(name).Append("_bucket{le=\"+Inf\"} ").Append(cumulative).Append('\n');
        sb.Append(name).Append("_sum ").Append((Volatile.Read(ref _sumMicros) / 1e6).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(name).Append("_count ").Append(cumulative).Append('\n');
    }
}
