using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Berth.Cli.Infrastructure;

/// <summary>Writes results: a table for people, or JSON (<c>--output json</c>) that keeps stdout machine-readable.</summary>
internal static class Output
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        WidenWhenRedirected();
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(header));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }

        AnsiConsole.Write(table);
    }

    public static void WriteFields(IEnumerable<(string Name, string Value)> fields)
    {
        WidenWhenRedirected();
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (name, value) in fields)
        {
            grid.AddRow(new Text(name + ":", new Style(decoration: Decoration.Bold)), new Text(value));
        }

        AnsiConsole.Write(grid);
    }

    /// <summary>Piped output has no terminal width; 80 columns would wrap every table, so use a wide page instead.</summary>
    private static void WidenWhenRedirected()
    {
        if (Console.IsOutputRedirected && AnsiConsole.Profile.Width < 160)
        {
            AnsiConsole.Profile.Width = 160;
        }
    }

    public static string Pairs(IReadOnlyDictionary<string, string> pairs) =>
        string.Join(", ", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0} MiB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00} GiB",
    };
}
