using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// Reads the classic builder's JSON messages into lines (terminal colour codes removed): the text of <c>stream</c> split at newlines, pull
/// <c>status</c> lines, and the <c>error</c> that ends a failed build. Remembers the step being run and the last
/// <see cref="KeptLines"/> lines, so that a failure names its step and shows the builder's own words.
/// </summary>
internal sealed partial class DockerBuildOutput(Action<string> progress)
{
    /// <summary>How many of the last output lines a failure keeps.</summary>
    public const int KeptLines = 30;

    private readonly Queue<string> _last = new();
    private string _partial = string.Empty;

    /// <summary>The last <c>Step N/M : ...</c> line seen.</summary>
    public string? CurrentStep { get; private set; }

    /// <summary>The builder's error, once it reported one.</summary>
    public string? Error { get; private set; }

    /// <summary>The last lines, oldest first.</summary>
    public IReadOnlyList<string> LastLines => [.. _last];

    /// <summary>Takes one message of the build's stream.</summary>
    public void Add(JSONMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Stream is { Length: > 0 } text)
        {
            AddText(text);
        }
        else if (message.Status is { Length: > 0 } status)
        {
            Line(message.ID is { Length: > 0 } id ? $"{id}: {status}" : status);
        }

        if (message.Error?.Message is { Length: > 0 } error)
        {
            Flush();
            Error = error.TrimEnd();
            Line("ERROR: " + Error);
        }
    }

    /// <summary>Emits a last line that did not end with a newline.</summary>
    public void Flush()
    {
        if (_partial.Length > 0)
        {
            Line(_partial);
            _partial = string.Empty;
        }
    }

    private void AddText(string text)
    {
        var lines = (_partial + text).Split('\n');
        _partial = lines[^1];
        foreach (var line in lines[..^1])
        {
            Line(line.TrimEnd('\r'));
        }
    }

    private void Line(string line)
    {
        line = Colour().Replace(line, string.Empty); // the builder colours a step's stderr red
        if (line.Trim().Length == 0)
        {
            return;
        }

        if (line.StartsWith("Step ", StringComparison.Ordinal) && line.Contains(" : ", StringComparison.Ordinal))
        {
            CurrentStep = line.Trim();
        }

        _last.Enqueue(line);
        while (_last.Count > KeptLines)
        {
            _last.Dequeue();
        }

        progress(line);
    }

    [GeneratedRegex("\x1b\\[[0-9;]*m")]
    private static partial Regex Colour();
}
