using System.Runtime.InteropServices;

namespace Berth.Server;

/// <summary>libc calls .NET does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary>umask 077: what the server (and every process it starts) creates is its owner's only.</summary>
    public const uint OwnerOnlyMask = 0x3F;

    /// <summary>sync(2): schedules every dirty page to disk and, on Linux, waits for it.</summary>
    [LibraryImport("libc", EntryPoint = "sync")]
    internal static partial void Sync();

    /// <summary>kill(2); returns -1 when the process is gone.</summary>
    [LibraryImport("libc", EntryPoint = "kill")]
    internal static partial int Kill(int pid, int signal);

    /// <summary>umask(2): sets the file mode creation mask and returns the previous one.</summary>
    [LibraryImport("libc", EntryPoint = "umask")]
    internal static partial uint Umask(uint mask);

    /// <summary>The real user id of this process.</summary>
    [LibraryImport("libc", EntryPoint = "getuid")]
    internal static partial uint GetUid();

    /// <summary>The real group id of this process.</summary>
    [LibraryImport("libc", EntryPoint = "getgid")]
    internal static partial uint GetGid();
}
