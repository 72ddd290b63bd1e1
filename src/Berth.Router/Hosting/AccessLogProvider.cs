using System.Globalization;
using Microsoft.Extensions.Logging.Console;

namespace Berth.Router.Hosting;

/// <summary>
/// Writes the data plane's log lines (the access line of every request, replica failures) straight to standard
/// output on the calling thread, in the console logger's single-line shape. The console logger hands every line to
/// one writer thread, and at thousands of requests a second that hand-off costs about as much CPU as the proxying;
/// here a line is one formatted string appended to the buffered output under its lock.
/// </summary>
internal sealed class AccessLogProvider(TextWriter output, TimeProvider time) : ILoggerProvider
{
    /// <summary>The category whose lines this provider writes (and the console provider leaves out).</summary>
    public const string Category = "Berth.Router.Proxy.ReplicaProxy";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == Category ? new AccessLogger(output, time, categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    /// <summary>Registers the provider for <see cref="Category"/> and takes that category away from the console logger.</summary>
    public static void AddTo(ILoggingBuilder logging, TimeProvider time)
    {
        logging.AddProvider(new AccessLogProvider(Console.Out, time));
        logging.AddFilter<ConsoleLoggerProvider>(Category, LogLevel.None);
    }

    private sealed class AccessLogger(TextWriter output, TimeProvider time, string category) : ILogger
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
                $"{time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {Level(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}");
            output.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
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
