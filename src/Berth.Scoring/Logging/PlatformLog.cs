using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Berth.Scoring.Logging;

/// <summary>
/// Writes log lines to stdout in the platform's shape,
/// <c>2022-12-24 07:37:53,318 I [32726] azmlinfsrv - message</c> (UTC), from one background writer
/// so request threads never block on the console. Each line goes out whole, so lines from the
/// Python workers (which share stdout) interleave only between lines.
/// </summary>
internal sealed class PlatformLog : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly Stream _out;
    private readonly Task _writer;
    private readonly bool _debug;
    private readonly string _pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public PlatformLog(TimeProvider time, Stream output, bool debug = false)
    {
        _time = time;
        _out = output;
        _debug = debug;
        _writer = Task.Run(WriteLoopAsync);
    }

    public void Info(string logger, string message) => Write('I', logger, message);

    public void Warning(string logger, string message) => Write('W', logger, message);

    public void Error(string logger, string message) => Write('E', logger, message);

    public void Debug(string logger, string message)
    {
        if (_debug) Write('D', logger, message);
    }

    /// <summary>A line exactly as given (banner, compiler diagnostics).</summary>
    public void Raw(string line) => _lines.Writer.TryWrite(line);

    private void Write(char level, string logger, string message)
    {
        var now = _time.GetUtcNow();
        var sb = new StringBuilder(64 + message.Length);
        sb.Append(now.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture))
          .Append(' ').Append(level).Append(" [").Append(_pid).Append("] ")
          .Append(logger).Append(" - ").Append(message);
        _lines.Writer.TryWrite(sb.ToString());
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new MemoryStream();
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (buffer.Length < 64 * 1024 && reader.TryRead(out var line))
            {
                var bytes = Encoding.UTF8.GetBytes(line + "\n");
                buffer.Write(bytes);
            }

            try
            {
                _out.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                _out.Flush();
            }
            catch (IOException)
            {
                // stdout closed: nothing left to tell.
            }

            buffer.SetLength(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }
}
