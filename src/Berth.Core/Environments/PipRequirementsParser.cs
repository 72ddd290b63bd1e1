using Berth.Json;

namespace Berth.Environments;

/// <summary>Parses a pip requirements file: comments, blank lines, continuations; options are reported as unsupported.</summary>
internal static class PipRequirementsParser
{
    public static EnvironmentDefinition Parse(string content, IssueCollector issues)
    {
        var packages = new List<PackageRequirement>();
        var lines = content.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var text = lines[i];
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1] + lines[++i];
            }

            text = StripComment(text);
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var package = RequirementParser.ParsePip(text, out var error);
            if (package is null)
            {
                var column = text.Length - text.TrimStart().Length + 1;
                issues.Add(lineNumber, column, null, error!);
            }
            else
            {
                packages.Add(package);
            }
        }

        return new EnvironmentDefinition { PipPackages = packages };
    }

    private static string StripComment(string line)
    {
        if (line.TrimStart().StartsWith('#'))
        {
            return "";
        }

        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '#' && char.IsWhiteSpace(line[i - 1]))
            {
                return line[..i];
            }
        }

        return line;
    }
}
