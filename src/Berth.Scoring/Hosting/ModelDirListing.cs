using System.Text;

namespace Berth.Scoring.Hosting;

/// <summary>The indented tree of the model directory logged when init() fails (at most 200 lines).</summary>
internal static class ModelDirListing
{
    public const int MaxLines = 200;

    public static string Render(string modelDir)
    {
        var lines = new List<string>();
        Walk(new DirectoryInfo(modelDir), 0, lines);
        var sb = new StringBuilder();
        foreach (var line in lines.Take(MaxLines)) sb.Append('\n').Append(line);
        if (lines.Count > MaxLines) sb.Append('\n').Append($"Output Truncated. First {MaxLines} lines shown.");
        return sb.ToString();
    }

    private static void Walk(DirectoryInfo dir, int depth, List<string> lines)
    {
        if (lines.Count > MaxLines) return;
        lines.Add(new string(' ', depth * 4) + dir.Name + "/");
        foreach (var file in dir.EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            lines.Add(new string(' ', (depth + 1) * 4) + file.Name);
        }

        foreach (var sub in dir.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            Walk(sub, depth + 1, lines);
        }
    }
}
