using System.Text;

namespace Berth.Scoring.Logging;

/// <summary>Console.Out for score.cs: each written line becomes an <c>azmlinfsrv.print</c> INFO line, like print() in score.py.</summary>
internal sealed class LogTextWriter : TextWriter
{
    private readonly PlatformLog _log;
    private readonly string _logger;
    private readonly StringBuilder _line = new();

    public LogTextWriter(PlatformLog log, string logger)
    {
        _log = log;
        _logger = logger;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Flush();
            return;
        }

        if (value != '\r') _line.Append(value);
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void Flush()
    {
        if (_line.Length == 0) return;
        _log.Info(_logger, _line.ToString());
        _line.Clear();
    }
}
