using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Server.Services;

/// <summary>
/// The logs of all of a service's replicas, interleaved by the timestamps they carry, each line prefixed with its
/// replica id. A cursor (byte offsets per replica) lets <c>--follow</c> fetch only what is new.
/// </summary>
internal static partial class ServiceLogs
{
    public static (IReadOnlyList<string> Lines, string Cursor) Read(ServiceRuntime service, int tail, string? cursor)
    {
        var offsets = ParseCursor(cursor);
        var entries = new List<(DateTime At, int Order, string Line)>();
        var next = new List<string>();
        var order = 0;
        foreach (var slot in service.Slots)
        {
            var path = Path.Combine(slot.Directory, "log");
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var start = offsets.TryGetValue(slot.Id, out var offset) && offset <= stream.Length ? offset : 0;
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var complete = text.LastIndexOf('\n') + 1;
            next.Add($"{slot.Id}={start + System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, complete))}");
            var at = DateTime.MinValue;
            foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                at = Timestamp(line) ?? at;
                entries.Add((at, order++, $"[{slot.Id}] {line}"));
            }
        }

        var lines = entries.OrderBy(e => e.At).ThenBy(e => e.Order).Select(e => e.Line).ToList();
        return (cursor is null && lines.Count > tail ? lines[^tail..] : lines, string.Join(',', next));
    }

    private static Dictionary<string, long> ParseCursor(string? cursor) =>
        (cursor ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .Where(p => p.Length == 2 && long.TryParse(p[1], out _))
            .ToDictionary(p => p[0], p => long.Parse(p[1]), StringComparer.Ordinal);

    private static DateTime? Timestamp(string line)
    {
        var match = LeadingTimestamp().Match(line);
        return match.Success && DateTime.TryParseExact(match.Value, "yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}")]
    private static partial Regex LeadingTimestamp();
}
