using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Json;

/// <summary>The kind of a <see cref="SourceNode"/>.</summary>
internal enum SourceNodeKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A JSON or YAML value with the 1-based line and column where it starts, so that every
/// validation message can point at the exact place in the user's file.
/// </summary>
internal sealed class SourceNode
{
    private SourceNode(SourceNodeKind kind, int line, int column, string? text, IReadOnlyList<SourceProperty> properties, IReadOnlyList<SourceNode> items)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Text = text;
        Properties = properties;
        Items = items;
    }

    public SourceNodeKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The string value, or the number as written; null for objects, arrays, booleans and null.</summary>
    public string? Text { get; }

    public IReadOnlyList<SourceProperty> Properties { get; }

    public IReadOnlyList<SourceNode> Items { get; }

    public static SourceNode Scalar(SourceNodeKind kind, string? text, int line, int column) =>
        new(kind, line, column, text, [], []);

    public static SourceNode Object(IReadOnlyList<SourceProperty> properties, int line, int column) =>
        new(SourceNodeKind.Object, line, column, null, properties, []);

    public static SourceNode Array(IReadOnlyList<SourceNode> items, int line, int column) =>
        new(SourceNodeKind.Array, line, column, null, [], items);

    /// <summary>How the value reads in a message: strings quoted, numbers as written, "an object" for objects.</summary>
    public string Describe() => Kind switch
    {
        SourceNodeKind.Object => "an object",
        SourceNodeKind.Array => "a list",
        SourceNodeKind.String => "\"" + JsonEncodedText.Encode(Text ?? "", JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"",
        SourceNodeKind.Number => Text ?? "",
        SourceNodeKind.True => "true",
        SourceNodeKind.False => "false",
        _ => "null",
    };
}

/// <summary>One property of an object node, with the position of its name.</summary>
internal sealed record SourceProperty(string Name, int Line, int Column, SourceNode Value);
