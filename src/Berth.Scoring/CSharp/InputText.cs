using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Berth.Scoring.CSharp;

/// <summary>Input rules of the contract for score.cs: UTF-8 checks worded like Python's, GET query as a JSON object.</summary>
internal static class InputText
{
    /// <summary>Null when <paramref name="bytes"/> is valid UTF-8; otherwise Python's wording of the first error.</summary>
    public static string? Utf8Error(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        while (position < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[position..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                position += consumed;
                continue;
            }

            var b = bytes[position];
            var reason = status == OperationStatus.NeedMoreData ? "unexpected end of data"
                : b is >= 0x80 and <= 0xC1 or >= 0xF5 ? "invalid start byte"
                : "invalid continuation byte";
            return $"'utf-8' codec can't decode byte 0x{b:x2} in position {position}: {reason}";
        }

        return null;
    }

    /// <summary>
    /// The GET input: each query parameter as JSON when it parses, else as a string; a repeated key
    /// becomes a list. Formatted like Python's <c>json.dumps</c>: <c>{"a": 1, "e": null}</c>.
    /// </summary>
    public static string QueryToJson(string query)
    {
        var values = new List<(string Key, List<string> Json)>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq < 0 ? part : part[..eq]);
            var raw = eq < 0 ? "" : Unescape(part[(eq + 1)..]);
            var entry = values.FindIndex(v => v.Key == key);
            if (entry < 0)
            {
                values.Add((key, []));
                entry = values.Count - 1;
            }

            values[entry].Json.Add(AsJson(raw));
        }

        var sb = new StringBuilder("{");
        foreach (var (key, json) in values)
        {
            if (sb.Length > 1) sb.Append(", ");
            sb.Append(Http.JsonText.Quote(key)).Append(": ");
            sb.Append(json.Count == 1 ? json[0] : "[" + string.Join(", ", json) + "]");
        }

        return sb.Append('}').ToString();
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static string AsJson(string raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return Http.JsonText.Quote(raw);
        }
    }
}
