using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>The <c>Model Directory Contents:</c> block the server prints after a failed init() (reference §1.8).</summary>
internal sealed partial record ModelDirectoryListing(IReadOnlyList<string> Lines)
{
    private const int MaxLines = 200;

    /// <summary>The file names in the listing (entries that do not end in '/').</summary>
    public IReadOnlyList<string> Files => Lines.Select(Entry).Where(e => e.Length > 0 && !e.EndsWith('/')).Distinct().ToList();

    /// <summary>Model names seen as <c>azureml-models/NAME/VERSION</c> in the listing.</summary>
    public IReadOnlyList<string> ModelNames =>
        Lines.Select(l => ModelPath().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value).Distinct().ToList();

    /// <summary>The last listing in the logs, or null.</summary>
    public static ModelDirectoryListing? FindLast(ServiceEvidence evidence)
    {
        ModelDirectoryListing? last = null;
        foreach (var log in evidence.Logs)
        {
            for (var i = 0; i < log.Lines.Count; i++)
            {
                if (!log.Lines[i].Contains(LogLines.ModelDirectoryContents, StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = new List<string>();
                for (var j = i + 1; j < log.Lines.Count && lines.Count < MaxLines + 1; j++)
                {
                    var l = log.Lines[j];
                    if (string.IsNullOrWhiteSpace(l) || LogLines.IsLogPrefixed(l) || l.StartsWith("Traceback", StringComparison.Ordinal))
                    {
                        break;
                    }

                    lines.Add(l.TrimEnd());
                }

                last = new ModelDirectoryListing(lines);
            }
        }

        return last;
    }

    private static string Entry(string line)
    {
        if (line.StartsWith("Output Truncated", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var trimmed = line.TrimStart(' ', '\t', '|', '│', '├', '└', '─', '-', '`', '+');
        var slash = trimmed.TrimEnd('/').LastIndexOf('/');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    [GeneratedRegex(@"azureml-models/(?<name>[^/\s]+)/\d+")]
    private static partial Regex ModelPath();
}
