using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Berth.Files;

/// <summary>
/// The kernel's view of a file (statx(2)): its kind, size, owner and mode. .NET reports pipes, devices and
/// sockets as ordinary files of length 0, so every "is this a regular file?" decision goes through here.
/// </summary>
public sealed record FileStatus(FileKind Kind, long Size, uint Uid, uint Gid, UnixFileMode Mode, ulong Device, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint BasicStats = 0x7ff;
    private const int BufferSize = 256;

    /// <summary>The status of <paramref name="path"/> (of the link itself when <paramref name="followLinks"/> is false), or null when it does not exist.</summary>
    /// <exception cref="IOException">statx failed for another reason (permission, I/O).</exception>
    public static FileStatus? Of(string path, bool followLinks = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var status = Query(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, out var errno);
        return status ?? (errno is Errno.NoEntry or Errno.NotDirectory ? null : throw Error(path, errno));
    }

    /// <summary>The status of an open file.</summary>
    public static FileStatus Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return Query((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, out var errno) ?? throw Error("an open file", errno);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>"a FIFO", "a character device", ...: for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    private static unsafe FileStatus? Query(int directory, string path, int flags, out int errno)
    {
        var buffer = stackalloc byte[BufferSize];
        if (NativeFiles.Statx(directory, path, flags, BasicStats, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        var span = new ReadOnlySpan<byte>(buffer, BufferSize);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
        return new FileStatus(
            KindOf(mode),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            (UnixFileMode)(mode & 0xfff),
            ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(span[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(span[140..]),
            BinaryPrimitives.ReadUInt64LittleEndian(span[32..]));
    }

    private static FileKind KindOf(int mode) => (mode & 0xf000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xa000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xc000 => FileKind.Socket,
        _ => FileKind.Unknown,
    };

    private static IOException Error(string path, int errno) =>
        new($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno == Errno.Access ? new UnauthorizedAccessException() : null);
}
