using System.CommandLine;
using Berth.Client;

namespace Berth.Cli.Infrastructure;

/// <summary>Runs a command's body with a connected workspace, turning every failure into error/hint and an exit code.</summary>
internal static class CliAction
{
    public static void WithWorkspace(Command command, Func<ParseResult, Workspace, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, cancellationToken) => await RunAsync(result, async () =>
        {
            using var workspace = await ServerLauncher.ConnectAsync(Console.Error, cancellationToken);
            return await body(result, workspace, cancellationToken);
        }));

    public static void Local(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, cancellationToken) => await RunAsync(result, () => body(result, cancellationToken)));

    private static async Task<int> RunAsync(ParseResult result, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, result.GetValue(CommonOptions.Verbose), Console.Error);
        }
    }
}
