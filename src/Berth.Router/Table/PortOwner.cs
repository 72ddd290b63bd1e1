using System.Globalization;

namespace Berth.Router.Table;

/// <summary>
/// Which process listens on a TCP port, from /proc/net/tcp{,6} (the socket's inode) and /proc/*/fd (who holds that
/// inode). Another user's processes cannot be seen: then only the port is known.
/// </summary>
internal static class PortOwner
{
    /// <summary>The process listening on <paramref name="port"/>, or null when none can be named.</summary>
    public static PortHolder? Find(int port)
    {
        try
        {
            var inodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                if (File.Exists(table))
                {
                    inodes.UnionWith(ListeningInodes(File.ReadLines(table), port));
                }
            }

            return inodes.Count == 0 ? null : FindProcess(inodes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The socket inodes of the lines of a /proc/net/tcp table that LISTEN on <paramref name="port"/>.</summary>
    public static IEnumerable<string> ListeningInodes(IEnumerable<string> lines, int port)
    {
        const string Listen = "0A";
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != Listen)
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var local)
                && local == port && fields[9] != "0")
            {
                yield return fields[9];
            }
        }
    }

    private static PortHolder? FindProcess(HashSet<string> inodes)
    {
        foreach (var processDir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(processDir);
            if (!int.TryParse(pid, out var id))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(processDir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        var name = File.ReadAllText(Path.Combine(processDir, "comm")).Trim();
                        return new PortHolder(id, name);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended or that we may not inspect: look at the next one.
            }
        }

        return null;
    }
}
