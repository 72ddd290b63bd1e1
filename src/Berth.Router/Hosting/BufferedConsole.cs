namespace Berth.Router.Hosting;

/// <summary>
/// Standard output through a 64 KiB buffer flushed every 100 ms and at exit, instead of one write system call per
/// log line. When nobody reads the output any more (the process that started the router died with the pipe), the
/// runtime's console stream drops the writes (it ignores EPIPE), so serving goes on.
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

    public static BufferedConsole Install(TimeProvider time)
    {
        var stream = Console.OpenStandardOutput();
        var writer = TextWriter.Synchronized(new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024) { AutoFlush = false });
        Console.SetOut(writer);
        return new BufferedConsole(writer, time);
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
            // Nobody reads our output any more: keep serving.
        }
    }
}
