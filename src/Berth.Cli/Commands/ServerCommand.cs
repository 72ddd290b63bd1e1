using System.CommandLine;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands;

/// <summary><c>berth server</c>: run the control plane in the foreground.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Address to listen on (default BERTH_URL or http://127.0.0.1:7700; port 0 picks a free one); beyond this machine only https:// with --tls-cert and --tls-key" };
        var cert = new Option<string>("--tls-cert") { Description = "PEM certificate for https:// (needed to listen beyond this machine)" };
        var key = new Option<string>("--tls-key") { Description = "PEM private key of --tls-cert" };
        var command = new Command("server", "Run the Berth control plane in the foreground over the workspace at BERTH_HOME (default ~/.berth)") { url, cert, key };
        CliAction.Local(command, (result, _) => Task.FromResult(ServerLauncher.RunForeground(
            [("--url", result.GetValue(url)), ("--tls-cert", result.GetValue(cert)), ("--tls-key", result.GetValue(key))])));
        return command;
    }
}
