using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging.Console;

namespace Berth.Router.Hosting;

/// <summary>
/// Writes the data plane's log lines (the access line of every request, replica failures) in the console logger's
/// single-line shape. A request only formats its line and puts it in a lock-free queue; a timer writes the queued
/// lines in one batch every 50 ms. The console logger instead wakes its writer thread for every line, which at
/// thousands of requests a second costs more CPU than the proxying. If the output falls more than
/// <see cref="MaxQueuedLines"/> behind, lines are dropped rather than slow requests down.
/// </summary>
internal sealed class AccessLogProvider : ILoggerProvider
{
    /// <summary>The category whose lines this provider writes (and the console provider leaves out).</summary>
    public const string Category = "Berth.Router.Proxy.ReplicaProxy";

    public const int MaxQueuedLines = 100_000;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ITimer _timer;
    private readonly Lock _writing = new();
    private int _queued;

    public AccessLogProvider(TextWriter output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _timer = time.CreateTimer(_ => WriteQueued(), null, Interval, Interval);
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName == Category ? new AccessLogger(this, categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
        _timer.Dispose();
        WriteQueued();
    }

    /// <summary>Registers the provider for <see cref="Category"/> and takes that category away from the console logger.</summary>
    public static void AddTo(ILoggingBuilder logging, TimeProvider time)
    {
        // Made by the container, so the container disposes it at shutdown and the last lines are written.
        logging.Services.AddSingleton<ILoggerProvider>(_ => new AccessLogProvider(Console.Out, time));
        logging.AddFilter<ConsoleLoggerProvider>(Category, LogLevel.None);
    }

    /// <summary>Writes every queued line now (also done by the timer and on dispose).</summary>
    public void WriteQueued()
    {
        lock (_writing)
        {
            try
            {
                while (_lines.TryDequeue(out var line))
                {
                    Interlocked.Decrement(ref _queued);
                    _output.WriteLine(line);
                }

                _output.Flush();
            }
            catch (IOException)
            {
                // Nobody reads the output any more: keep serving.
            }
        }
    }

    private void Enqueue(string line)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueuedLines)
        {
            Interlocked.Decrement(ref _queued);
            return;
        }

        _lines.Enqueue(line);
    }

    private sealed class AccessLogger(AccessLogProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{provider._time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {Level(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}");
            provider.Enqueue(exception is null ? line : line + Environment.NewLine + exception);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
