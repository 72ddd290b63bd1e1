using System.Globalization;

namespace Berth.Diagnosis.Parsing;

/// <summary>Number formatting for evidence and remedies (invariant culture).</summary>
internal static class Numbers
{
    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Ms(double value) => $"{Format(Math.Round(value))} ms";

    public static string Percent(long part, long total) =>
        total <= 0 ? "?%" : (100.0 * part / total).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Share(long part, long total) => $"{part} of {total} requests ({Percent(part, total)})";

    public static string Mib(long bytes) => $"{bytes / (1024 * 1024)} MiB";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{Format(Math.Round(span.TotalSeconds))} s" : $"{Format(Math.Round(span.TotalMinutes, 1))} min";
}
