using System.CommandLine;

namespace Berth.Cli.Infrastructure;

/// <summary>Options shared by many commands.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show error codes, trace ids and stack traces",
        Recursive = true,
    };

    public static Option<string> OutputFormat() => new Option<string>("--output", "-o")
    {
        Description = "Output format: table or json",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

    public static bool IsJson(ParseResult result, Option<string> output) => result.GetValue(output) == "json";
}
