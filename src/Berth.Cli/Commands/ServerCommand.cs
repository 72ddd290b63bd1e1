using System.CommandLine;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands;

/// <summary><c>berth server</c>: run the control plane in the foreground.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Address to listen on (default BERTH_URL or http://127.0.0.1:7700; port 0 picks a free one)" };
        var command = new Command("server", "Run the Berth control plane in the foreground over the workspace at BERTH_HOME (default ~/.berth)") { url };
        CliAction.Local(command, (result, _) => Task.FromResult(ServerLauncher.RunForeground(result.GetValue(url))));
        return command;
    }
}
