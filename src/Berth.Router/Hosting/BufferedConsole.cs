namespace Berth.Router.Hosting;

/// <summary>
/// The router's log output: standard output, or a size-rotated file (<see cref="RotatingLogFile"/>), through a 64 KiB
/// buffer flushed every 100 ms and at exit, instead of one write system call per log line. When nobody reads standard
/// output any more (the process that started the router died with the pipe), the runtime's console stream drops the
/// writes (it ignores EPIPE), so serving goes on.
/// </summary>
internal sealed class BufferedConsole : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _writer;
    private readonly ITimer _timer;

    private BufferedConsole(TextWriter writer, TimeProvider time)
    {
        _writer = writer;
        _timer = time.CreateTimer(_ => Flush(), null, Interval, Interval);
    }

    /// <summary>True when the log goes to a file rather than standard output.</summary>
    public bool ToFile { get; private init; }

    /// <summary>Sends <see cref="Console.Out"/> to standard output, or to <paramref name="logFile"/> rotated at <paramref name="maxBytes"/> with <paramref name="files"/> files.</summary>
    public static BufferedConsole Install(TimeProvider time, string? logFile = null, long maxBytes = 0, int files = 0)
    {
        var stream = logFile is null ? Console.OpenStandardOutput() : new RotatingLogFile(logFile, maxBytes, files);
        var writer = TextWriter.Synchronized(new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024) { AutoFlush = false });
        Console.SetOut(writer);
        return new BufferedConsole(writer, time) { ToFile = logFile is not null };
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    private void Flush()
    {
        try
        {
            _writer.Flush();
        }
        catch (IOException)
        {
            // Nobody reads our output any more (or the disk is full): keep serving.
        }
    }
}
