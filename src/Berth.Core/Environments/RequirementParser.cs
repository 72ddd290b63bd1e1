using System.Text.RegularExpressions;

namespace Berth.Environments;

/// <summary>Parses one pip (PEP 508) or conda package line; returns null and an error sentence when it cannot.</summary>
internal static partial class RequirementParser
{
    public static PackageRequirement? ParsePip(string line, out string? error)
    {
        error = null;
        var text = line.Trim();
        if (text.StartsWith('-'))
        {
            error = $"pip option \"{text}\" is not supported; list the packages themselves (a package index or another requirements file cannot be used here)";
            return null;
        }

        if ((text.Contains("://", StringComparison.Ordinal) && !text.Contains('@', StringComparison.Ordinal)) || text.StartsWith('.') || text.StartsWith('/'))
        {
            error = $"\"{text}\" is a URL or path without a package name; write it as \"name @ url\"";
            return null;
        }

        var match = PipPattern().Match(text);
        if (!match.Success)
        {
            error = $"\"{text}\" is not a valid pip requirement; expected name[extras] followed by version specifiers such as ==1.2 or >=1.0,<2";
            return null;
        }

        var specifier = match.Groups["spec"].Value.Trim();
        if (specifier.StartsWith('(') && specifier.EndsWith(')'))
        {
            specifier = specifier[1..^1];
        }

        if (!specifier.StartsWith('@'))
        {
            specifier = RemoveWhitespace(specifier);
            error = CheckPipSpecifier(specifier);
            if (error is not null)
            {
                error = $"\"{text}\": {error}";
                return null;
            }
        }

        var extras = match.Groups["extras"].Success ? RemoveWhitespace(match.Groups["extras"].Value) : null;
        var marker = match.Groups["marker"].Success ? match.Groups["marker"].Value.Trim() : null;
        return new PackageRequirement(match.Groups["name"].Value, specifier, extras, string.IsNullOrEmpty(marker) ? null : marker);
    }

    public static PackageRequirement? ParseConda(string line, out string? error)
    {
        error = null;
        var match = CondaPattern().Match(line.Trim());
        if (!match.Success)
        {
            error = $"\"{line.Trim()}\" is not a valid conda package spec; expected a name with an optional version, such as numpy or numpy=1.26";
            return null;
        }

        return new PackageRequirement(match.Groups["name"].Value, CondaSpecifier(match.Groups["spec"].Value));
    }

    /// <summary>
    /// The conda version part in its <c>=</c> form. Conda's space-separated MatchSpec (<c>numpy 1.24.2
    /// py311h8e6699e_0</c>: name, version, build, as <c>conda env export</c> writes them) means <c>=1.24.2=py311h8e6699e_0</c>;
    /// an operator with spaces around it (<c>&gt;= 1.2</c>) only loses the spaces.
    /// </summary>
    private static string CondaSpecifier(string spec)
    {
        var words = spec.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length is 1 or 2 && (char.IsAsciiDigit(words[0][0]) || words[0][0] == '*')
            ? "=" + string.Join('=', words)
            : RemoveWhitespace(spec);
    }

    internal static string RemoveWhitespace(string text) => WhitespacePattern().Replace(text, "");

    private static string? CheckPipSpecifier(string specifier)
    {
        if (specifier.Length == 0)
        {
            return null;
        }

        foreach (var clause in specifier.Split(','))
        {
            if (ClausePattern().IsMatch(clause))
            {
                continue;
            }

            return clause.StartsWith('=') && !clause.StartsWith("==", StringComparison.Ordinal)
                ? $"'=' is not a pip version operator; use '==' (\"{clause}\" should be \"={clause}\")"
                : $"version specifier \"{clause}\" is not valid; use one of ==, !=, <=, >=, <, >, ~=, === followed by a version";
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?<extras>[^\]]*)\])?\s*(?<spec>[^;]*?)\s*(?:;\s*(?<marker>.*))?$")]
    private static partial Regex PipPattern();

    [GeneratedRegex(@"^(~=|==|!=|<=|>=|<|>|===)[A-Za-z0-9.*+!_-]+$")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"^(?<name>(?:[A-Za-z0-9_.\-/]+::)?[A-Za-z0-9_][A-Za-z0-9_.\-]*)(?<spec>(?:\s*[=<>!~ ].*)?)$")]
    private static partial Regex CondaPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
