using System.Text.RegularExpressions;

namespace Berth.Diagnosis.Parsing;

/// <summary>
/// Finds Python tracebacks (as Python 3.11 prints them, chained exceptions included) and .NET exception stack traces in
/// log lines. Lenient: anything it does not recognize ends the traceback.
/// </summary>
internal static partial class TracebackParser
{
    private const string Header = "Traceback (most recent call last):";
    private const int MaxMessageLines = 15;

    /// <summary>All tracebacks in <paramref name="lines"/>, in log order.</summary>
    public static List<ParsedTraceback> FindAll(IReadOnlyList<string> lines)
    {
        var found = new List<ParsedTraceback>();
        for (var i = 0; i < lines.Count; i++)
        {
            ParsedTraceback? tb = null;
            if (lines[i].Contains(Header, StringComparison.Ordinal))
            {
                tb = ParsePython(lines, i);
            }
            else if (DotNetHeader().Match(lines[i]) is { Success: true } m && FirstDotNetFrame(lines, i) > i)
            {
                tb = ParseDotNet(lines, i, m);
            }

            if (tb is not null)
            {
                found.Add(tb);
                i = tb.EndLine;
            }
        }

        return found;
    }

    private static ParsedTraceback? ParsePython(IReadOnlyList<string> lines, int start)
    {
        var chain = new List<ExceptionBlock>();
        var i = start;
        while (i < lines.Count && lines[i].Contains(Header, StringComparison.Ordinal))
        {
            var (block, next) = ParsePythonBlock(lines, i + 1);
            if (block is null)
            {
                break;
            }

            chain.Add(block);
            i = next;
            var j = SkipBlank(lines, i);
            if (j < lines.Count && IsChainSentence(lines[j]))
            {
                i = SkipBlank(lines, j + 1);
            }
            else
            {
                break;
            }
        }

        return chain.Count == 0 ? null : new ParsedTraceback(start, Math.Max(start, i - 1), chain);
    }

    private static (ExceptionBlock? Block, int Next) ParsePythonBlock(IReadOnlyList<string> lines, int i)
    {
        var frames = new List<StackFrame>();
        while (i < lines.Count && lines[i].StartsWith(' '))
        {
            if (PythonFrame().Match(lines[i]) is { Success: true } m)
            {
                frames.Add(new StackFrame(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), NullIfEmpty(m.Groups["fn"].Value), null));
            }
            else if (frames.Count > 0 && frames[^1].Code is null && !IsMarker(lines[i]))
            {
                frames[^1] = frames[^1] with { Code = lines[i].Trim() };
            }

            i++;
        }

        if (i >= lines.Count || ExceptionLine().Match(lines[i]) is not { Success: true } e)
        {
            return (null, i);
        }

        var more = new List<string>();
        i++;
        while (i < lines.Count && more.Count < MaxMessageLines && !string.IsNullOrWhiteSpace(lines[i])
            && !LogLines.IsLogPrefixed(lines[i]) && !lines[i].Contains(Header, StringComparison.Ordinal))
        {
            more.Add(lines[i]);
            i++;
        }

        return (new ExceptionBlock(e.Groups["type"].Value, e.Groups["msg"].Value.Trim(), more, frames), i);
    }

    private static ParsedTraceback ParseDotNet(IReadOnlyList<string> lines, int start, Match header)
    {
        var frames = new List<StackFrame>();
        var i = FirstDotNetFrame(lines, start);
        for (; i < lines.Count && DotNetFrame().Match(lines[i]) is { Success: true } f; i++)
        {
            var file = f.Groups["file"].Success ? f.Groups["file"].Value : string.Empty;
            var line = f.Groups["line"].Success ? int.Parse(f.Groups["line"].Value) : 0;
            if (file.Length > 0)
            {
                frames.Add(new StackFrame(file, line, f.Groups["fn"].Value, null));
            }
        }

        frames.Reverse(); // .NET prints the innermost frame first; keep Python's order (outermost first).
        var block = new ExceptionBlock(header.Groups["type"].Value, header.Groups["msg"].Value.Trim(), [], frames);
        return new ParsedTraceback(start, i - 1, [block]);
    }

    /// <summary>The first "   at ..." line within 3 lines after a .NET exception header (after "File name: ..." and the like), or -1.</summary>
    private static int FirstDotNetFrame(IReadOnlyList<string> lines, int header)
    {
        for (var i = header + 1; i < lines.Count && i <= header + 3; i++)
        {
            if (DotNetFrame().IsMatch(lines[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipBlank(IReadOnlyList<string> lines, int i)
    {
        while (i < lines.Count && string.IsNullOrWhiteSpace(lines[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsChainSentence(string line) =>
        line.StartsWith("The above exception was the direct cause", StringComparison.Ordinal)
        || line.StartsWith("During handling of the above exception", StringComparison.Ordinal);

    private static bool IsMarker(string line) => line.Trim().All(c => c is '^' or '~');

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    [GeneratedRegex("""^\s+File "(?<file>[^"]+)", line (?<line>\d+)(?:, in (?<fn>.+))?$""")]
    private static partial Regex PythonFrame();

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.]*)(?::(?<msg>.*))?$")]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"(?:^|\s)(?<type>(?:[A-Za-z_]\w*\.)+\w*Exception): (?<msg>.*)$")]
    private static partial Regex DotNetHeader();

    [GeneratedRegex(@"^\s+at (?<fn>[^\s].*?)(?: in (?<file>.+):line (?<line>\d+))?$")]
    private static partial Regex DotNetFrame();
}
