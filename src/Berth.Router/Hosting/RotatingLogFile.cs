namespace Berth.Router.Hosting;

/// <summary>
/// An append-only log file rotated by size: once PATH would pass <c>maxBytes</c>, the line being written ends it,
/// PATH.1 .. PATH.(K-2) move up one (the oldest is dropped), PATH becomes PATH.1 and a new PATH starts; so there are at
/// most K files of about <c>maxBytes</c> each, and lines are never split across files.
/// Written here rather than taken from Serilog.Sinks.File (which is served here): that sink would replace the router's
/// logging pipeline (the console formatter and the batched access log, tuned to cost little per request) with
/// Serilog's, and its size roll names the live file differently each time (router_001.log, ...). This is one stream
/// under the existing writer, with the PATH, PATH.1, ... names of the replica logs, which the server's tail reader follows.
/// </summary>
internal sealed class RotatingLogFile : Stream
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _files;
    private FileStream _current;

    public RotatingLogFile(string path, long maxBytes, int files)
    {
        _path = path;
        _maxBytes = maxBytes;
        _files = files;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _current = Open(path);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _current.Length;

    public override long Position { get => _current.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (_current.Length + buffer.Length > _maxBytes)
        {
            // The file ends at the last line end that fits, or else after the line that crosses the limit.
            var room = (int)Math.Clamp(_maxBytes - _current.Length, 0, buffer.Length);
            var end = buffer[..room].LastIndexOf((byte)'\n');
            end = end >= 0 ? end : buffer.IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            _current.Write(buffer[..(end + 1)]);
            buffer = buffer[(end + 1)..];
            Rotate();
        }

        _current.Write(buffer);
    }

    public override void Flush() => _current.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Rotate()
    {
        _current.Dispose();
        try
        {
            for (var i = _files - 1; i >= 1; i--)
            {
                var from = i == 1 ? _path : $"{_path}.{i - 1}";
                if (File.Exists(from))
                {
                    File.Move(from, $"{_path}.{i}", overwrite: true);
                }
            }

            if (_files == 1)
            {
                File.Delete(_path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep logging into the file we have rather than lose lines.
        }

        _current = Open(_path);
    }

    private static FileStream Open(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Append,
        Access = FileAccess.Write,
        Share = FileShare.ReadWrite | FileShare.Delete,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });
}
