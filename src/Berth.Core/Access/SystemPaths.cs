using System.Runtime.InteropServices;
using Berth.Errors;
using Berth.Files;

namespace Berth.Access;

/// <summary>The kernel's own file systems (<c>/proc</c>, <c>/sys</c>, <c>/dev</c>): never read for a caller, wherever a link leads.</summary>
public static class SystemPaths
{
    private static readonly string[] Forbidden = ["/proc", "/sys", "/dev"];

    /// <summary>Throws <c>path.forbidden</c> when <paramref name="path"/>, or where its links lead, is under /proc, /sys or /dev.</summary>
    public static void EnsureOrdinary(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var real = RealPath(full) ?? full;
        foreach (var candidate in new[] { full, real })
        {
            var top = Forbidden.FirstOrDefault(f => candidate == f || candidate.StartsWith(f + "/", StringComparison.Ordinal));
            if (top is not null)
            {
                var via = candidate == full ? string.Empty : $" (it leads to {real})";
                throw new BerthException(
                    ErrorCodes.PathForbidden,
                    $"{what} {full}{via} is in {top}, the kernel's own file system; the server reads nothing there for a caller",
                    "name a file or folder of your own");
            }
        }
    }

    /// <summary>realpath(3): every link and ".." resolved; null when the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var resolved = NativeFiles.RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeFiles.Free(resolved);
        }
    }
}
