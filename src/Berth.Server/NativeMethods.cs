using System.Runtime.InteropServices;

namespace Berth.Server;

/// <summary>libc calls .NET does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary>sync(2): schedules every dirty page to disk and, on Linux, waits for it.</summary>
    [LibraryImport("libc", EntryPoint = "sync")]
    internal static partial void Sync();

    /// <summary>kill(2); returns -1 when the process is gone.</summary>
    [LibraryImport("libc", EntryPoint = "kill")]
    internal static partial int Kill(int pid, int signal);
}
