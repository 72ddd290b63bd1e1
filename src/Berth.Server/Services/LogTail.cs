using System.Text;

namespace Berth.Server.Services;

/// <summary>
/// Reads a log and its rotated files (log, log.1, log.2, ...; see <see cref="LogRotation"/>) from their ends, in blocks:
/// the last N lines of a multi-GB log cost a few blocks of reading and the lines' own size in memory, never the file.
/// <see cref="From"/> reads on from a cursor for <c>--follow</c>, across a rotation since the cursor was taken.
/// </summary>
internal static class LogTail
{
    /// <summary>The most a tail reads (the lines are cut to the newest that fit): bounds memory whatever the lines are.</summary>
    public const int MaxTailBytes = 8 * 1024 * 1024;

    /// <summary>The most one follow call reads; the cursor then points where it stopped.</summary>
    public const int MaxFollowBytes = 4 * 1024 * 1024;

    private const int BlockBytes = 64 * 1024;

    private const int MaxRotatedFiles = 20;

    /// <summary>
    /// The last <paramref name="count"/> complete lines of <paramref name="path"/> and, when it has fewer, of its rotated
    /// files, oldest first; with the cursor to follow on from (the end of the last complete line of <paramref name="path"/>).
    /// </summary>
    public static LogChunk Last(string path, int count)
    {
        var generation = Generation(path); // before reading: a rotation meanwhile then shows in the next call
        var lines = new List<string>();
        long bytesRead = 0;
        var end = 0L;
        var budget = (long)MaxTailBytes;
        for (var i = 0; i <= MaxRotatedFiles && lines.Count < count && budget > 0; i++)
        {
            var file = i == 0 ? path : $"{path}.{i}";
            if (!File.Exists(file))
            {
                break;
            }

            using var stream = Open(file);
            var stop = i == 0 ? CompleteEnd(stream, 0, stream.Length, ref bytesRead) : stream.Length;
            end = i == 0 ? stop : end;
            var (start, reachedStart) = StartOfLast(stream, stop, count - lines.Count, budget, ref bytesRead);
            var text = Read(stream, start, stop, ref bytesRead);
            budget -= stop - start;
            lines.InsertRange(0, Split(text));
            if (!reachedStart)
            {
                break;
            }
        }

        return new LogChunk(lines.Count > count ? lines[^count..] : lines, end, generation, bytesRead);
    }

    /// <summary>
    /// The complete lines after <paramref name="offset"/> (at most <see cref="MaxFollowBytes"/>). When log.1 changed since
    /// <paramref name="generation"/> (a rotation), the rest of the old log is read from log.1 first, then the new log from 0.
    /// </summary>
    public static LogChunk From(string path, long offset, long? generation)
    {
        var current = Generation(path);
        long bytesRead = 0;
        var lines = new List<string>();
        if (generation is { } seen && seen != current && File.Exists(path + ".1"))
        {
            using var rotated = Open(path + ".1");
            if (offset < rotated.Length)
            {
                lines.AddRange(Split(Read(rotated, offset, Math.Min(rotated.Length, offset + MaxFollowBytes), ref bytesRead)));
            }

            offset = 0;
        }

        if (!File.Exists(path))
        {
            return new LogChunk(lines, 0, current, bytesRead);
        }

        using var stream = Open(path);
        var start = offset <= stream.Length ? offset : 0;
        var stop = CompleteEnd(stream, start, Math.Min(stream.Length, start + MaxFollowBytes), ref bytesRead);
        // A single line longer than a whole read is passed on in pieces rather than never.
        stop = stop > start || stream.Length - start < MaxFollowBytes ? stop : start + MaxFollowBytes;
        lines.AddRange(Split(Read(stream, start, stop, ref bytesRead)));
        return new LogChunk(lines, stop, current, bytesRead);
    }

    /// <summary>Identifies the latest rotation: log.1's write time (each rotation writes a new log.1), 0 before the first.</summary>
    public static long Generation(string path)
    {
        var rotated = new FileInfo(path + ".1");
        return rotated.Exists ? rotated.LastWriteTimeUtc.Ticks : 0;
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);

    /// <summary>The offset just after the last line end in [<paramref name="floor"/>, <paramref name="limit"/>) (a line still being written is left out); <paramref name="floor"/> when none.</summary>
    private static long CompleteEnd(FileStream stream, long floor, long limit, ref long bytesRead)
    {
        var buffer = new byte[BlockBytes];
        for (var position = limit; position > floor;)
        {
            var size = (int)Math.Min(BlockBytes, position - floor);
            position -= size;
            ReadAt(stream, position, buffer.AsSpan(0, size), ref bytesRead);
            var newline = buffer.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return position + newline + 1;
            }
        }

        return floor;
    }

    /// <summary>
    /// Where the last <paramref name="count"/> lines before <paramref name="end"/> start, scanning back at most
    /// <paramref name="budget"/> bytes; <c>ReachedStart</c> is true when the scan reached the start of the file (older lines are in the rotated files).
    /// </summary>
    private static (long Start, bool ReachedStart) StartOfLast(FileStream stream, long end, int count, long budget, ref long bytesRead)
    {
        var buffer = new byte[BlockBytes];
        var newlines = 0;
        var floor = Math.Max(0, end - budget);
        for (var position = end; position > floor;)
        {
            var size = (int)Math.Min(BlockBytes, position - floor);
            position -= size;
            ReadAt(stream, position, buffer.AsSpan(0, size), ref bytesRead);
            for (var i = size - 1; i >= 0; i--)
            {
                // The line end of the line before the wanted ones: the newline that is not the last line's own.
                if (buffer[i] == '\n' && position + i + 1 < end && ++newlines == count)
                {
                    return (position + i + 1, false);
                }
            }
        }

        return floor == 0 ? (0, true) : (SkipPartialLine(stream, floor, end, ref bytesRead), false);
    }

    /// <summary>At the budget's edge the first line is cut: start after its end instead.</summary>
    private static long SkipPartialLine(FileStream stream, long from, long end, ref long bytesRead)
    {
        var buffer = new byte[BlockBytes];
        for (var position = from; position < end; position += BlockBytes)
        {
            var size = (int)Math.Min(BlockBytes, end - position);
            ReadAt(stream, position, buffer.AsSpan(0, size), ref bytesRead);
            var newline = buffer.AsSpan(0, size).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return position + newline + 1;
            }
        }

        return end;
    }

    private static string Read(FileStream stream, long start, long end, ref long bytesRead)
    {
        var buffer = new byte[end - start];
        ReadAt(stream, start, buffer, ref bytesRead);
        return Encoding.UTF8.GetString(buffer);
    }

    private static void ReadAt(FileStream stream, long position, Span<byte> buffer, ref long bytesRead)
    {
        stream.Seek(position, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        bytesRead += buffer.Length;
    }

    private static string[] Split(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Lines read from a log, the cursor to read on from (offset and rotation generation), and the bytes read for them.</summary>
internal sealed record LogChunk(IReadOnlyList<string> Lines, long End, long Generation, long BytesRead);
