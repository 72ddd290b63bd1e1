using System.Text;
using System.Text.Json;
using Berth.Errors;

namespace Berth.Json;

/// <summary>
/// Reads JSON into a <see cref="SourceNode"/> tree that remembers the line and column of every
/// property and value (System.Text.Json's JsonDocument keeps no positions).
/// </summary>
internal static class JsonSourceReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Parses <paramref name="content"/>; a syntax error throws a <see cref="ConfigValidationException"/> with code <c>config.syntax</c>.</summary>
    public static SourceNode Parse(string content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Encoding.UTF8.GetBytes(content.TrimStart('\uFEFF'));
        var lines = new LineIndex(bytes);
        if (content.Trim().Length == 0)
        {
            throw Syntax(fileName, 1, 1, "the file is empty; expected a JSON object");
        }

        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, lines);
            if (reader.Read())
            {
                var (line, column) = lines.Position(reader.TokenStartIndex);
                throw Syntax(fileName, line, column, "unexpected content after the end of the JSON value");
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = lines.CharacterColumn(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            throw Syntax(fileName, line, column, "JSON syntax error: " + CleanMessage(ex.Message));
        }
    }

    private static ConfigValidationException Syntax(string fileName, int line, int column, string message) =>
        new([new ConfigIssue(fileName, line, column, null, message)], "fix the syntax at the position shown", ErrorCodes.ConfigSyntax);

    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        return text
            .Replace(" Change the reader options.", "", StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", " which JSON does not allow", StringComparison.Ordinal)
            .Trim();
    }

    private static SourceNode ReadValue(ref Utf8JsonReader reader, LineIndex lines)
    {
        var (line, column) = lines.Position(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, lines, line, column);
            case JsonTokenType.StartArray:
                var items = new List<SourceNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lines));
                }

                return SourceNode.Array(items, line, column);
            case JsonTokenType.String:
                return SourceNode.Scalar(SourceNodeKind.String, reader.GetString(), line, column);
            case JsonTokenType.Number:
                return SourceNode.Scalar(SourceNodeKind.Number, Encoding.UTF8.GetString(reader.ValueSpan), line, column);
            case JsonTokenType.True:
                return SourceNode.Scalar(SourceNodeKind.True, null, line, column);
            case JsonTokenType.False:
                return SourceNode.Scalar(SourceNodeKind.False, null, line, column);
            default:
                return SourceNode.Scalar(SourceNodeKind.Null, null, line, column);
        }
    }

    private static SourceNode ReadObject(ref Utf8JsonReader reader, LineIndex lines, int line, int column)
    {
        var properties = new List<SourceProperty>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (nameLine, nameColumn) = lines.Position(reader.TokenStartIndex);
            var name = reader.GetString() ?? "";
            reader.Read();
            properties.Add(new SourceProperty(name, nameLine, nameColumn, ReadValue(ref reader, lines)));
        }

        return SourceNode.Object(properties, line, column);
    }
}
