using System.Runtime.InteropServices;

namespace Berth.Server.Registry;

/// <summary>libc calls .NET does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary>sync(2): schedules every dirty page to disk and, on Linux, waits for it.</summary>
    [LibraryImport("libc", EntryPoint = "sync")]
    internal static partial void Sync();
}
