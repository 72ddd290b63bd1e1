using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// Copies a container's output from the engine into a file, as lines, for as long as the container runs, and resumes
/// after a server restart where the last follower stopped. The engine keeps every container's output (its
/// <c>json-file</c> log) with a timestamp per line; the follower asks with <c>timestamps=true</c>, writes each line
/// without its timestamp, and records the last timestamp in a cursor file after each batch. A new follower asks for
/// output <c>since</c> that timestamp plus one nanosecond, so nothing is written twice and nothing said while no server
/// ran is lost. The task ends when the engine closes the stream (the container has ended and all of its output has
/// been written), which is when a supervisor may read the log tail for a diagnosis.
/// </summary>
internal static class DockerLogFollower
{
    public static async Task FollowAsync(IDockerClient client, string id, string logPath, string cursorPath, Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(logPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(cursorPath);
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Follow = true,
            Timestamps = true,
            Since = ReadCursor(cursorPath) is { } cursor ? After(cursor) : null,
        };
        MultiplexedStream stream;
        try
        {
            stream = await client.Containers.GetContainerLogsAsync(id, parameters, cancellationToken);
        }
        catch (Exception e) when (DockerFailures.Connection(e, endpoint) is { } failure)
        {
            throw failure;
        }

        using (stream)
        await using (var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            await CopyAsync(stream, log, cursorPath, cancellationToken);
        }
    }

    private static async Task CopyAsync(MultiplexedStream stream, FileStream log, string cursorPath, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var pending = new Dictionary<MultiplexedStream.TargetStream, List<byte>>();
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                break;
            }

            var bytes = pending.TryGetValue(read.Target, out var list) ? list : pending[read.Target] = [];
            bytes.AddRange(buffer.AsSpan(0, read.Count));
            await WriteAsync(bytes, log, cursorPath);
        }

        foreach (var rest in pending.Values.Where(b => b.Count > 0))
        {
            rest.Add((byte)'\n');
            await WriteAsync(rest, log, cursorPath);
        }
    }

    /// <summary>
    /// Writes the whole lines and then the cursor, not cancellable in between: a cancelled follower never leaves lines
    /// written that its cursor does not cover (only a crash between the two can repeat the last batch).
    /// </summary>
    private static async Task WriteAsync(List<byte> bytes, FileStream log, string cursorPath)
    {
        if (WriteLines(bytes, log) is { } last)
        {
            await log.FlushAsync(CancellationToken.None);
            await WriteCursorAsync(cursorPath, last);
        }
    }

    /// <summary>Writes the whole lines in <paramref name="bytes"/> (each <c>TIMESTAMP text</c>) without their timestamps; returns the last timestamp.</summary>
    private static string? WriteLines(List<byte> bytes, FileStream log)
    {
        string? last = null;
        int start = 0, newline;
        while ((newline = bytes.IndexOf((byte)'\n', start)) >= 0)
        {
            var line = bytes.GetRange(start, newline - start + 1).ToArray();
            var space = Array.IndexOf(line, (byte)' ');
            if (space > 0)
            {
                last = Encoding.ASCII.GetString(line, 0, space);
                log.Write(line, space + 1, line.Length - space - 1);
            }
            else
            {
                log.Write(line);
            }

            start = newline + 1;
        }

        bytes.RemoveRange(0, start);
        return last;
    }

    /// <summary>The engine's <c>since</c> for output after <paramref name="timestamp"/> (RFC 3339 with nanoseconds): <c>seconds.nanoseconds</c> plus 1 ns.</summary>
    internal static string After(string timestamp)
    {
        var dot = timestamp.IndexOf('.', StringComparison.Ordinal);
        var end = timestamp.IndexOfAny(['Z', '+', '-'], Math.Max(dot, 0) + 1);
        var whole = dot > 0 ? timestamp[..dot] + timestamp[end..] : timestamp;
        var fraction = dot > 0 ? timestamp[(dot + 1)..end] : string.Empty;
        var seconds = DateTimeOffset.Parse(whole, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();
        var nanos = long.Parse(fraction.PadRight(9, '0')[..9], NumberStyles.None, CultureInfo.InvariantCulture) + 1;
        if (nanos == 1_000_000_000)
        {
            (seconds, nanos) = (seconds + 1, 0);
        }

        return $"{seconds.ToString(CultureInfo.InvariantCulture)}.{nanos.ToString("D9", CultureInfo.InvariantCulture)}";
    }

    private static string? ReadCursor(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim() is { Length: > 0 } text ? text : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async Task WriteCursorAsync(string path, string timestamp)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, timestamp, CancellationToken.None);
        File.Move(temporary, path, overwrite: true);
    }
}
