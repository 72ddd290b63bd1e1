using System.Text.RegularExpressions;
using Berth.Errors;
using Berth.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Environments;

/// <summary>Reads YAML into the same position-carrying <see cref="SourceNode"/> tree as JSON; every scalar is a string.</summary>
internal static partial class YamlSourceReader
{
    public static SourceNode Parse(string content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException ex)
        {
            var message = LocationPrefix().Replace(ex.Message, "");
            if (ex.InnerException is YamlException inner)
            {
                message += " " + LocationPrefix().Replace(inner.Message, "");
            }

            var (line, column) = message.Contains("tab", StringComparison.Ordinal) ? FirstTabIndent(content) ?? ((int)ex.Start.Line, (int)ex.Start.Column) : ((int)ex.Start.Line, (int)ex.Start.Column);
            var issue = new ConfigIssue(fileName, line, column, null, "YAML syntax error: " + message.Trim());
            throw new ConfigValidationException([issue], "fix the YAML syntax at the position shown (indentation uses spaces, lists start with '- ')", ErrorCodes.ConfigSyntax);
        }

        if (stream.Documents.Count == 0)
        {
            var issue = new ConfigIssue(fileName, 1, 1, null, "the file is empty; expected a YAML mapping with name, channels and dependencies");
            throw new ConfigValidationException([issue], null, ErrorCodes.ConfigInvalid);
        }

        return Convert(stream.Documents[0].RootNode);
    }

    /// <summary>YamlDotNet reports a tab used as indentation at the start of the block; point at the tab itself.</summary>
    private static (int Line, int Column)? FirstTabIndent(string content)
    {
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static SourceNode Convert(YamlNode node)
    {
        var line = (int)node.Start.Line;
        var column = (int)node.Start.Column;
        switch (node)
        {
            case YamlMappingNode mapping:
                var properties = mapping.Children
                    .Select(kv => new SourceProperty(KeyText(kv.Key), (int)kv.Key.Start.Line, (int)kv.Key.Start.Column, Convert(kv.Value)))
                    .ToList();
                return SourceNode.Object(properties, line, column);
            case YamlSequenceNode sequence:
                return SourceNode.Array(sequence.Children.Select(Convert).ToList(), line, column);
            case YamlScalarNode scalar when IsNull(scalar):
                return SourceNode.Scalar(SourceNodeKind.Null, null, line, column);
            case YamlScalarNode scalar:
                return SourceNode.Scalar(SourceNodeKind.String, scalar.Value ?? "", line, column);
            default:
                return SourceNode.Scalar(SourceNodeKind.Null, null, line, column);
        }
    }

    private static string KeyText(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LocationPrefix();
}
