using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Router.Tests.Infrastructure;

/// <summary>
/// Reads samples out of Prometheus text: a sample matches when its name is the one asked for and its labels include
/// the ones asked for, in any order (the exporter adds its own, such as <c>otel_scope_name</c>).
/// </summary>
internal static partial class MetricsText
{
    /// <summary>The value of the first matching sample, or null when none matches.</summary>
    public static double? Value(string text, string name, params (string Label, string Value)[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            var sample = SampleLine().Match(line.TrimEnd('\r'));
            if (!sample.Success || sample.Groups["name"].Value != name)
            {
                continue;
            }

            var have = LabelPair().Matches(sample.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value);
            if (labels.All(l => have.TryGetValue(l.Label, out var value) && value == l.Value))
            {
                return double.Parse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Asserts that a sample matches and has <paramref name="expected"/> as its value, showing the text when not.</summary>
    public static void AssertValue(string text, double expected, string name, params (string Label, string Value)[] labels)
    {
        var value = Value(text, name, labels);
        Assert.True(value == expected, $"{name}{{{string.Join(',', labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}}: expected {expected}, got {value?.ToString(CultureInfo.InvariantCulture) ?? "no such sample"}\n{text}");
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
