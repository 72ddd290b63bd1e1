using System.Runtime.InteropServices;
using System.Text;
using Berth.Errors;
using Microsoft.Win32.SafeHandles;

namespace Berth.Files;

/// <summary>
/// The one way Berth reads a file a user names: only a regular file (a FIFO, device or socket is refused before it is
/// opened, and opened with O_NONBLOCK so a swapped-in FIFO cannot block), never more than its kind's limit, and every
/// failure an error that names the file, says what is wrong and what to do.
/// </summary>
public static class SafeFile
{
    /// <summary>Reads a UTF-8 text file of at most <paramref name="limit"/> bytes.</summary>
    /// <param name="path">the file to read</param>
    /// <param name="what">what it is, for messages: "inference config", "conda file"</param>
    /// <param name="limit">the size limit of its kind</param>
    /// <param name="displayPath">the path to name in messages when it differs from <paramref name="path"/></param>
    public static string ReadAllText(string path, string what, FileLimit limit, string? displayPath = null)
    {
        using var stream = OpenRead(path, what, limit, displayPath);
        var buffer = new byte[Math.Min(stream.Length, limit.MaxBytes) + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = Read(stream, buffer.AsSpan(total), what, displayPath ?? path)) > 0)
        {
            total += read;
            if (total == buffer.Length && buffer.Length <= limit.MaxBytes)
            {
                // A file whose size the kernel does not report (/proc): grow up to the limit.
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit.MaxBytes + 1));
            }
        }

        if (total > limit.MaxBytes)
        {
            throw TooLarge(displayPath ?? Path.GetFullPath(path), what, limit, null);
        }

        return new UTF8Encoding(false).GetString(buffer, 0, total).TrimStart('\uFEFF');
    }

    /// <summary>Checks that <paramref name="path"/> is a regular file within <paramref name="limit"/> (when given), without reading it.</summary>
    public static void EnsureRegularFile(string path, string what, FileLimit? limit = null, string? displayPath = null)
    {
        var shown = displayPath ?? Path.GetFullPath(path);
        var status = Stat(path, what, shown);
        Check(status, shown, what, limit);
    }

    /// <summary>Opens a regular file for reading (O_NONBLOCK, checked again on the open descriptor).</summary>
    public static FileStream OpenRead(string path, string what, FileLimit? limit = null, string? displayPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var shown = displayPath ?? full;

        // Refuse devices before open(2): opening some (a watchdog, a tape) has effects of its own.
        Check(Stat(full, what, shown), shown, what, limit);
        var fd = NativeFiles.Open(full, NativeFiles.ReadNonBlocking);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                Errno.NoEntry => NotFound(shown, what),
                Errno.Access => new BerthException(ErrorCodes.FileUnreadable, $"cannot read {what} {shown}: permission denied", $"check the permissions of the file and its folders"),
                _ => new BerthException(ErrorCodes.FileUnreadable, $"cannot open {what} {shown}: {Marshal.GetPInvokeErrorMessage(errno)}", "check the path"),
            };
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // The path may have been replaced between the two calls: what was opened is what counts.
            Check(FileStatus.Of(handle), shown, what, limit);
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileStatus Stat(string path, string what, string shown)
    {
        try
        {
            return FileStatus.Of(path) ?? throw NotFound(shown, what);
        }
        catch (IOException e)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"cannot read {what} {shown}: {e.Message}", "check the permissions of the file and its folders", inner: e);
        }
    }

    private static void Check(FileStatus status, string shown, string what, FileLimit? limit)
    {
        if (status.Kind == FileKind.Directory)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"{what} {shown} is a folder, not a file", $"pass the path of the {what} file itself");
        }

        if (status.Kind != FileKind.Regular)
        {
            throw new BerthException(
                ErrorCodes.FileNotRegular,
                $"{what} {shown} is {FileStatus.Describe(status.Kind)}, not a regular file",
                $"pass the path of a regular file; a pipe, device or socket cannot be read as a {what}");
        }

        if (limit is not null && status.Size > limit.MaxBytes)
        {
            throw TooLarge(shown, what, limit, status.Size);
        }
    }

    private static int Read(FileStream stream, Span<byte> buffer, string what, string shown)
    {
        try
        {
            return stream.Read(buffer);
        }
        catch (IOException e)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"cannot read {what} {shown}: {e.Message}", "check that the disk is healthy and read it again", inner: e);
        }
    }

    private static BerthException NotFound(string shown, string what) =>
        new(ErrorCodes.FileNotFound, $"{what} not found: {shown}", "check the path; relative paths are resolved from the current folder");

    private static BerthException TooLarge(string shown, string what, FileLimit limit, long? size) => new(
        ErrorCodes.FileTooLarge,
        size is long bytes
            ? $"{what} {shown} is {FileLimit.Format(bytes)}; {limit.Kinds} are at most {FileLimit.Format(limit.MaxBytes)}"
            : $"{what} {shown} is larger than {FileLimit.Format(limit.MaxBytes)}, the limit for {limit.Kinds}",
        $"check that this is the right file; {limit.Kinds} larger than {FileLimit.Format(limit.MaxBytes)} are refused");
}
