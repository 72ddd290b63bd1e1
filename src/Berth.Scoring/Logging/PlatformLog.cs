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
    /// <summary>Lines waiting for stdout; when stdout stalls this fills up and further lines are dropped (and counted) rather than held.</summary>
    private readonly Channel<string> _lines;
    private long _dropped;
    private readonly TimeProvider _time;
    private readonly Stream _out;
    private readonly Task _writer;
    private readonly bool _debug;
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(5);
    private readonly string _info;
    private readonly string _warning;
    private readonly string _error;
    private readonly string _debugPrefix;
    private SecondStamp _stamp = new(-1, "");
    private volatile bool _completed;

    public PlatformLog(TimeProvider time, Stream output, bool debug = false)
    {
        _lines = Channel.CreateBounded<string>(
            new BoundedChannelOptions(200_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            _ => Interlocked.Increment(ref _dropped));
        _time = time;
        _out = output;
        _debug = debug;
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        _info = $" I [{pid}] ";
        _warning = $" W [{pid}] ";
        _error = $" E [{pid}] ";
        _debugPrefix = $" D [{pid}] ";
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
    public void Raw(string line) => Enqueue(line);

    private void Enqueue(string line) => _lines.Writer.TryWrite(line);

    private void Write(char level, string logger, string message)
    {
        var now = _time.GetUtcNow();
        var stamp = Stamp(now);
        var line = string.Concat(stamp, now.Millisecond.ToString("D3", CultureInfo.InvariantCulture), LevelPrefix(level), logger, " - ", message);
        Enqueue(line);
    }

    /// <summary>"yyyy-MM-dd HH:mm:ss," for the current second, formatted once per second.</summary>
    private string Stamp(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var cached = _stamp;
        if (cached.Second == second) return cached.Text;
        var text = now.ToString("yyyy-MM-dd HH:mm:ss,", CultureInfo.InvariantCulture);
        _stamp = new SecondStamp(second, text);
        return text;
    }

    private sealed record SecondStamp(long Second, string Text);

    private string LevelPrefix(char level) => level switch
    {
        'I' => _info,
        'W' => _warning,
        'E' => _error,
        _ => _debugPrefix,
    };

    private async Task WriteLoopAsync()
    {
        var buffer = new MemoryStream();
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (buffer.Length < 256 * 1024 && reader.TryRead(out var line))
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
            if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
            {
                Warning(LogNames.Server, $"{dropped} log lines were dropped because stdout did not keep up.");
            }

            // Coalesce: under load, one write per few milliseconds instead of one wake-up per line.
            if (!_completed) await Task.Delay(CoalesceDelay).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _lines.Writer.TryComplete();
        await _writer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }
}
