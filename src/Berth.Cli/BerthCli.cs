using System.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Infrastructure;

namespace Berth.Cli;

/// <summary>The <c>berth</c> command tree.</summary>
internal static class BerthCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Berth: turn a trained model and its scoring script into a web service, and say why it fails.");
        root.Options.Add(CommonOptions.Verbose);
        root.Subcommands.Add(ModelCommands.Create());
        root.Subcommands.Add(EnvCommands.Create());
        root.Subcommands.Add(ConfigCommands.Create());
        root.Subcommands.Add(ServiceCommands.Create());
        root.Subcommands.Add(ComputeCommands.Create());
        root.Subcommands.Add(ServerCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // No response files: "@file" is an argument's own syntax here (`service run -d @body.json`), read as a file
        // Berth checks, never expanded (and opened, a FIFO too) by the parser.
        var result = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            var command = string.Join(" ", CommandPath(result));
            Console.Error.WriteLine($"hint: see `{command} --help`");
            return ExitCodes.Usage;
        }

        return await result.InvokeAsync();
    }

    private static Stack<string> CommandPath(ParseResult result)
    {
        var names = new Stack<string>();
        for (var node = result.CommandResult; node is not null; node = node.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(node.Command.Name);
        }

        return names;
    }
}
