using System.Runtime.InteropServices;

namespace Berth.Files;

/// <summary>libc calls .NET does not expose: statx(2) (file kind and owner) and open(2) with O_NONBLOCK.</summary>
internal static unsafe partial class NativeFiles
{
    /// <summary>O_RDONLY | O_NONBLOCK | O_CLOEXEC (the same values on x86-64 and arm64): opening a FIFO never waits for a writer.</summary>
    public const int ReadNonBlocking = 0x800 | 0x80000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    internal static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
