using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Server.Services;

/// <summary>
/// The logs of all of a service's replicas, interleaved by the timestamps they carry, each line prefixed with its
/// replica id. Tails are read from the end of each log and its rotated files (<see cref="LogTail"/>), so their cost
/// does not grow with the logs. A cursor (per replica: byte offset and rotation generation, <c>r1=1234~5678</c>) lets
/// <c>--follow</c> fetch only what is new, across a rotation.
/// </summary>
internal static partial class ServiceLogs
{
    public static (IReadOnlyList<string> Lines, string Cursor) Read(ServiceRuntime service, int tail, string? cursor)
    {
        var positions = ParseCursor(cursor);
        var entries = new List<(DateTime At, int Order, string Line)>();
        var next = new List<string>();
        var order = 0;
        // The serving replicas, and those of a rollout that failed while they kept serving (its own errors are there).
        foreach (var slot in service.Slots.Concat(service.FailedSlots))
        {
            var path = Path.Combine(slot.Directory, "log");
            if (!File.Exists(path))
            {
                continue;
            }

            var chunk = cursor is null
                ? LogTail.Last(path, tail)
                : positions.TryGetValue(slot.Id, out var at) ? LogTail.From(path, at.Offset, at.Generation) : LogTail.From(path, 0, null);
            next.Add(string.Create(CultureInfo.InvariantCulture, $"{slot.Id}={chunk.End}~{chunk.Generation}"));
            var stamps = chunk.Lines.Select(Timestamp).ToList();
            // Lines without a timestamp (a traceback) go with the line before; the first ones with the first stamped line.
            var stamp = stamps.FirstOrDefault(s => s is not null) ?? DateTime.MinValue;
            for (var i = 0; i < chunk.Lines.Count; i++)
            {
                stamp = stamps[i] ?? stamp;
                entries.Add((stamp, order++, $"[{slot.Id}] {chunk.Lines[i]}"));
            }
        }

        var lines = entries.OrderBy(e => e.At).ThenBy(e => e.Order).Select(e => e.Line).ToList();
        return (cursor is null && lines.Count > tail ? lines[^tail..] : lines, string.Join(',', next));
    }

    private static Dictionary<string, (long Offset, long? Generation)> ParseCursor(string? cursor)
    {
        var positions = new Dictionary<string, (long Offset, long? Generation)>(StringComparer.Ordinal);
        foreach (var part in (cursor ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=');
            var value = pair.Length == 2 ? pair[1].Split('~') : [];
            if (value.Length > 0 && long.TryParse(value[0], CultureInfo.InvariantCulture, out var offset))
            {
                positions[pair[0]] = (offset, value.Length > 1 && long.TryParse(value[1], CultureInfo.InvariantCulture, out var generation) ? generation : null);
            }
        }

        return positions;
    }

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
