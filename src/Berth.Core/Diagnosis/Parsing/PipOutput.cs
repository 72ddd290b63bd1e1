using System.Text.RegularExpressions;

namespace Berth.Diagnosis.Parsing;

/// <summary>Reads pip's install output: which requirement it could not find, and whether it could reach no index at all.</summary>
internal static partial class PipOutput
{
    /// <summary>
    /// True when pip found no version of a requirement and its output shows connection errors: it never reached an index,
    /// so it cannot know whether the package or version exists.
    /// </summary>
    public static bool IndexUnreachable(IReadOnlyList<string> output) =>
        output.Any(l => NotFound().IsMatch(l)) && ConnectionErrors(output).Any();

    /// <summary>The lines that show pip's connection errors (retry warnings, <c>Could not fetch URL … connection error</c>).</summary>
    public static IEnumerable<string> ConnectionErrors(IReadOnlyList<string> output) => output.Where(l => ConnectionError().IsMatch(l));

    /// <summary>The requirement pip could not find (the last one it named), or null.</summary>
    public static string? FailingRequirement(IReadOnlyList<string> output) =>
        output.Select(l => NotFound().Match(l)).LastOrDefault(m => m.Success)?.Groups["req"].Value;

    /// <summary>The name part of a requirement: <c>scikit-learn==0.22.1</c> → <c>scikit-learn</c>.</summary>
    public static string NameOf(string requirement) => requirement.Split('=', '<', '>', '!', '~', '[', ';', ' ', '@')[0];

    /// <summary>Whether two package names are the same for pip (case and <c>-_.</c> runs do not matter).</summary>
    public static bool SameName(string a, string b) =>
        string.Equals(Separators().Replace(a.ToLowerInvariant(), "-"), Separators().Replace(b.ToLowerInvariant(), "-"), StringComparison.Ordinal);

    [GeneratedRegex(@"(?:No matching distribution found for|Could not find a version that satisfies the requirement) (?<req>[^\s(]+?)\.?(?:\s|$)")]
    private static partial Regex NotFound();

    [GeneratedRegex(@"Failed to establish a new connection|Network is unreachable|Temporary failure in name resolution|Name or service not known|No route to host|Connection refused|ConnectTimeoutError|NewConnectionError|ProxyError|connection error:", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionError();

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex Separators();
}
