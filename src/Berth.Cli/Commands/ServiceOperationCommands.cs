using System.CommandLine;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary><c>berth service logs|reload|update|diagnose|keys|regen-key</c>.</summary>
internal static class ServiceOperationCommands
{
    public static IEnumerable<Command> Create() => [Logs(), Reload(), Update(), Debug(), Diagnose(), Keys(), RegenKey()];

    private static Command Debug()
    {
        var name = ServiceCommands.NameArgument();
        var port = new Option<int?>("--port") { Description = "Port debugpy listens on at 127.0.0.1 (default 5678, or a free one when it is taken)" };
        var wait = new Option<bool>("--wait") { Description = "Hold init() until a debugger attaches (to debug init() itself)" };
        var stop = new Option<bool>("--stop") { Description = "Restart the debugged replica as it ran before" };
        var command = new Command("debug", "Restart one replica of a score.py service under debugpy on 127.0.0.1 (1 worker, no scoring timeout) and print the VS Code attach configuration") { name, port, wait, stop };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            if (result.GetValue(stop))
            {
                var ended = await service.StopDebuggingAsync(ct);
                Console.Out.WriteLine($"Debugging of {ended.Service} ended: replica {ended.Replica} restarts as before (its workers and scoring timeout are back).");
                await WaitForReplicaAsync(workspace, ended, ct);
                return ExitCodes.Success;
            }

            var session = await service.DebugAsync(result.GetValue(port), result.GetValue(wait), ct);
            Console.Out.Write(DebugText.Format(session));
            if (!session.Wait)
            {
                // Without --wait, init() runs at once: say when the replica serves, or why it does not.
                await WaitForReplicaAsync(workspace, session, ct);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Logs()
    {
        var name = ServiceCommands.NameArgument();
        var tail = new Option<int>("--tail") { Description = "How many of the last lines", DefaultValueFactory = _ => 5000 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C" };
        var command = new Command("logs", "Print the logs of all replicas, interleaved, each line with its replica id") { name, tail, follow };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            var (lines, cursor) = await service.GetLogsSinceAsync(null, result.GetValue(tail), ct);
            Print(lines);
            while (result.GetValue(follow) && !ct.IsCancellationRequested)
            {
                await Task.Delay(500, ct);
                (lines, cursor) = await service.GetLogsSinceAsync(cursor, cancellationToken: ct);
                Print(lines);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WaitForReplicaAsync(Workspace workspace, Berth.Api.V1.DebugSessionDto session, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var dto = (await Webservice.GetAsync(workspace, session.Service, cancellationToken)).Dto;
            var replica = dto.Replicas.FirstOrDefault(r => r.Id == session.Replica);
            if (replica?.Status == "Ready")
            {
                Console.Out.WriteLine($"{session.Replica} is ready (pid {replica.Pid}).");
                return;
            }

            if (replica is null || replica.Status is "BackOff" or "Failed" or "Stopped")
            {
                throw new Berth.Errors.BerthException(
                    Berth.Services.ServiceErrorCodes.DebugFailed, $"replica {session.Replica} did not start{(session.Active ? " under the debugger" : "")} ({replica?.LastExit ?? replica?.Status ?? "gone"})",
                    $"see `berth service logs {session.Service}` and `berth service diagnose {session.Service}`; end with `berth service debug {session.Service} --stop`");
            }

            await Task.Delay(200, cancellationToken);
        }

        Console.Out.WriteLine($"{session.Replica} is still running init() after 120 s; follow it with `berth service logs {session.Service} -f`.");
    }

    private static Command Reload()
    {
        var name = ServiceCommands.NameArgument();
        var noWait = ServiceCommands.NoWait();
        var command = new Command("reload", "Re-read the entry script and source directory and restart the replicas (the environment is kept)") { name, noWait };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            return await ServiceCommands.FollowAsync(await service.ReloadAsync(ct), result.GetValue(noWait), ct);
        });
        return command;
    }

    private static Command Update()
    {
        var name = ServiceCommands.NameArgument();
        var models = new Option<string[]>("--model", "-m") { Description = "The models to serve from now on, NAME[:VERSION] (repeatable)" };
        var ic = new Option<string>("--ic") { Description = "A new inferenceconfig.json" };
        var dc = new Option<string>("--dc") { Description = "A new deploymentconfig.json" };
        var noWait = ServiceCommands.NoWait();
        var command = new Command("update", "Roll out new models or configs; new replicas serve before the old ones stop") { name, models, ic, dc, noWait };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            var newModels = result.GetValue(models) is { Length: > 0 } m ? m : null;
            await service.UpdateAsync(newModels, result.GetValue(ic), result.GetValue(dc), ct);
            return await ServiceCommands.FollowAsync(service, result.GetValue(noWait), ct);
        });
        return command;
    }

    private static Command Diagnose()
    {
        var name = ServiceCommands.NameArgument();
        var output = CommonOptions.OutputFormat();
        var command = new Command("diagnose", "Name the cause of a failure, the evidence and the remedy") { name, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            var diagnosis = await service.DiagnoseAsync(ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(diagnosis);
                return ExitCodes.Success;
            }

            Console.Out.WriteLine($"service {diagnosis.Service}: {ServiceCommands.StateText(service)}");
            if (diagnosis.Causes.Count == 0)
            {
                Console.Out.WriteLine(Berth.Diagnosis.DiagnosisText.NothingFound);
            }

            foreach (var cause in diagnosis.Causes)
            {
                Console.Out.Write(Berth.Diagnosis.DiagnosisText.Format(new Berth.Diagnosis.ServiceDiagnosis(
                    cause.Code, cause.Summary, cause.Evidence, cause.Remedy, Enum.Parse<Berth.Diagnosis.DiagnosisSeverity>(cause.Severity))));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Keys()
    {
        var name = ServiceCommands.NameArgument();
        var command = new Command("keys", "Print the service's primary and secondary keys") { name };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var keys = await (await Webservice.GetAsync(workspace, result.GetValue(name)!, ct)).GetKeysAsync(ct);
            Console.Out.WriteLine($"Primary:   {keys.PrimaryKey}");
            Console.Out.WriteLine($"Secondary: {keys.SecondaryKey}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RegenKey()
    {
        var name = ServiceCommands.NameArgument();
        var key = new Option<string>("--key") { Description = "Primary or Secondary", Required = true };
        key.AcceptOnlyFromAmong("Primary", "Secondary");
        var command = new Command("regen-key", "Replace the primary or the secondary key") { name, key };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            await service.RegenKeyAsync(result.GetValue(key)!, ct);
            Console.Error.WriteLine($"regenerated the {result.GetValue(key)!.ToLowerInvariant()} key of {service.Name}; see `berth service keys {service.Name}`");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            Console.Out.WriteLine(line);
        }
    }
}
