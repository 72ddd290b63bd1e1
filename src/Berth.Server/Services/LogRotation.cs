namespace Berth.Server.Services;

/// <summary>
/// Size-capped rotation of a replica's <c>log</c>, done by the supervision loop. The replica's shell appends to it
/// (<c>&gt;&gt;log</c>, so O_APPEND) and keeps it open, so it cannot be renamed under the writer; instead, as logrotate's
/// copytruncate does: once <c>log</c> passes the limit, log.(K-2) .. log.1 move up one (the oldest is dropped), <c>log</c>
/// is copied to log.1 and truncated to 0, and the writer goes on at the new end. A line written in the moment between
/// the copy and the truncation can be lost; the copy takes milliseconds for the default 10 MiB.
/// </summary>
internal static class LogRotation
{
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    /// <summary>Files kept in all: <c>log</c> and log.1 .. log.4.</summary>
    public const int DefaultFiles = 5;

    /// <summary>
    /// The pure decision: nothing while <paramref name="length"/> is within <paramref name="maxBytes"/>; else the moves,
    /// oldest first, ending with (path, path.1), which is the copy and truncation.
    /// </summary>
    public static IReadOnlyList<(string From, string To)> Plan(string path, long length, long maxBytes, int files)
    {
        if (length <= maxBytes || files < 2)
        {
            return [];
        }

        var moves = new List<(string From, string To)>();
        for (var i = files - 1; i >= 2; i--)
        {
            moves.Add(($"{path}.{i - 1}", $"{path}.{i}"));
        }

        moves.Add((path, path + ".1"));
        return moves;
    }

    /// <summary>Rotates each log that is over the limit; a log that cannot be rotated now is tried again next tick.</summary>
    public static void RotateAll(IEnumerable<string> paths, long maxBytes = DefaultMaxBytes, int files = DefaultFiles)
    {
        foreach (var path in paths)
        {
            try
            {
                RotateIfNeeded(path, maxBytes, files);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The replica's folder is being replaced or removed: the next tick sees the new state.
            }
        }
    }

    /// <summary>Applies <see cref="Plan"/> to <paramref name="path"/>; true when it rotated.</summary>
    public static bool RotateIfNeeded(string path, long maxBytes = DefaultMaxBytes, int files = DefaultFiles)
    {
        var info = new FileInfo(path);
        var plan = info.Exists ? Plan(path, info.Length, maxBytes, files) : [];
        if (plan.Count == 0)
        {
            return false;
        }

        foreach (var (from, to) in plan.Take(plan.Count - 1))
        {
            if (File.Exists(from))
            {
                File.Move(from, to, overwrite: true);
            }
        }

        var copy = path + ".1.tmp";
        using (var log = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            using (var target = new FileStream(copy, FileMode.Create, FileAccess.Write, FileShare.Read))
            {
                log.CopyTo(target);
            }

            log.SetLength(0);
        }

        File.Move(copy, path + ".1", overwrite: true);
        return true;
    }
}
