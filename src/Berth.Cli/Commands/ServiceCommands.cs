using System.Globalization;
using System.CommandLine;
using Berth.Cli.Infrastructure;
using Berth.Client;
using Berth.Files;

namespace Berth.Cli.Commands;

/// <summary><c>berth service deploy|wait|list|show|run|delete</c>; the rest are in <see cref="ServiceOperationCommands"/>.</summary>
internal static class ServiceCommands
{
    public static Command Create()
    {
        var service = new Command("service", "Deploy models as web services and operate them");
        service.Subcommands.Add(Deploy());
        service.Subcommands.Add(Wait());
        service.Subcommands.Add(List());
        service.Subcommands.Add(Show());
        service.Subcommands.Add(Run());
        service.Subcommands.Add(Delete());
        foreach (var command in ServiceOperationCommands.Create())
        {
            service.Subcommands.Add(command);
        }

        return service;
    }

    internal static Argument<string> NameArgument() => new("name") { Description = "The service name" };

    internal static Option<bool> NoWait() => new("--no-wait") { Description = "Return once the operation has started" };

    /// <summary>Streams the operation's steps, then prints the scoring URI, or the diagnosis on failure.</summary>
    internal static async Task<int> FollowAsync(Webservice service, bool noWait, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            Console.Out.WriteLine($"{service.Name}: {service.State} (follow it with `berth service wait {service.Name}`)");
            return ExitCodes.Success;
        }

        await service.WaitForDeploymentAsync(showOutput: true, Console.Out, cancellationToken);
        Console.Out.WriteLine($"Scoring URI: {service.ScoringUri}");
        Console.Out.WriteLine($"Swagger URI: {service.SwaggerUri}");
        return ExitCodes.Success;
    }

    private static Command Deploy()
    {
        var name = new Option<string>("--name", "-n") { Description = "Service name", Required = true };
        var models = new Option<string[]>("--model", "-m") { Description = "A registered model NAME[:VERSION] (repeatable)", Required = true };
        var ic = new Option<string>("--ic") { Description = "inferenceconfig.json (names the entry script); without it the model's one .onnx file is served with no script" };
        var dc = new Option<string>("--dc") { Description = "deploymentconfig.json", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a service of the same name" };
        var serverSide = new Option<bool>("--server-side-paths") { Description = "Let the server read --ic, --dc and the files they name on its own machine instead of sending them" };
        var noWait = NoWait();
        var command = new Command("deploy", "Deploy models with an inference config and a deployment config, streaming progress") { name, models, ic, dc, overwrite, serverSide, noWait };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = result.GetValue(serverSide)
                ? await Webservice.DeployFromServerPathsAsync(workspace, result.GetValue(name)!, result.GetValue(models)!, result.GetValue(ic), result.GetValue(dc)!, result.GetValue(overwrite), ct)
                : await Webservice.DeployAsync(workspace, result.GetValue(name)!, result.GetValue(models)!, result.GetValue(ic), result.GetValue(dc)!, result.GetValue(overwrite), ct);
            return await FollowAsync(service, result.GetValue(noWait), ct);
        });
        return command;
    }

    private static Command Wait()
    {
        var name = NameArgument();
        var command = new Command("wait", "Follow the running operation until the service is Healthy or has failed") { name };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
            await FollowAsync(await Webservice.GetAsync(workspace, result.GetValue(name)!, ct), false, ct));
        return command;
    }

    private static Command List()
    {
        var output = CommonOptions.OutputFormat();
        var command = new Command("list", "List services") { output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var services = await Webservice.ListAsync(workspace, ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(services.Select(s => s.Dto));
                return ExitCodes.Success;
            }

            Output.WriteTable(
                ["Name", "State", "Models", "Replicas", "Scoring URI"],
                services.Select(s => (IReadOnlyList<string>)[s.Name, StateText(s), string.Join(", ", s.Dto.Models), $"{s.Dto.Replicas.Count(r => r.Status == "Ready")}/{s.Dto.Replicas.Count}", s.ScoringUri ?? "-"]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var name = NameArgument();
        var output = CommonOptions.OutputFormat();
        var command = new Command("show", "Show a service: state, URIs, models, replicas, last error") { name, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(service.Dto);
                return ExitCodes.Success;
            }

            var dto = service.Dto;
            var onnx = dto.EntryScript.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase); // an ONNX model served with no script
            Output.WriteFields([
                ("Service", dto.Name), ("State", StateText(service)), ("Compute type", dto.ComputeType),
                ("Models", string.Join(", ", dto.Models)), ("Entry script", onnx ? $"none: {dto.EntryScript} is served with ONNX Runtime" : dto.EntryScript),
                ("Inference config", onnx ? "none" : dto.InferenceConfigPath is { } ic ? $"{ic} ({(dto.ConfigSource == "upload" ? "sent from the client; reload sends its files again" : "read on the server")})" : "-"),
                ("Scoring URI", dto.ScoringUri ?? "-"), ("Inference URI", dto.InferenceUri is { } oip ? $"{oip} (Open Inference Protocol v2)" : "-"), ("Swagger URI", dto.SwaggerUri ?? "-"), ("Cluster URI", dto.ClusterScoringUri ?? "-"),
                ("Auth", dto.AuthEnabled ? "key (see `berth service keys`)" : "none"),
                ("Autoscale", AutoscaleText(dto.Autoscale)),
                ("Last decision", dto.Autoscale?.LastDecision is { } decision ? $"{dto.Autoscale.LastDecisionAt!.Value.ToLocalTime():HH:mm:ss} {decision}" : "-"),
                ("Front door", dto.FrontDoorDownSince is { } down ? $"down since {down.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (the router does not answer; it is restarted by its supervisor)" : "up"),
                ("Last error", dto.LastError is { } e ? $"{e.Code}: {e.Summary} Remedy: {e.Remedy}" : "-"),
            ]);
            Output.WriteTable(["Replica", "Status", "Pid", "Address", "Restarts", "Last exit"],
                dto.Replicas.Select(r => (IReadOnlyList<string>)[r.Id, r.Status, r.Pid?.ToString() ?? "-", r.Url ?? "-", r.Restarts.ToString(), r.LastExit ?? "-"]));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>3 of 6 replicas ready (desired 6), utilization 1.20; min 1, max 8, target 70%, every 1 s</c>, or <c>off</c>.</summary>
    private static string AutoscaleText(Berth.Api.V1.AutoscaleDto? a) => a is null
        ? "off (numReplicas fixed)"
        : string.Create(CultureInfo.InvariantCulture, $"{a.ReadyReplicas} of {a.DesiredReplicas} replicas ready{(a.AtMaximum ? " (at maxReplicas: the load needs more)" : string.Empty)}, utilization {(a.Utilization is double u ? u.ToString("0.00", CultureInfo.InvariantCulture) : "-")}; min {a.MinReplicas}, max {a.MaxReplicas}, target {a.TargetUtilization}%, every {a.RefreshPeriodInSeconds} s");

    private static Command Run()
    {
        var name = NameArgument();
        var input = new Option<string>("--input-data", "-d") { Description = "The request body (JSON), or @file to read it from a file (@- for standard input)", Required = true };
        var command = new Command("run", "Score: send the input to the service's scoring URI and print the response") { name, input };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            // The body is read before the server is asked anything: a bad @file fails at once, on its own.
            var data = result.GetValue(input)!;
            var body = data switch
            {
                "@-" => await ReadStandardInputAsync(ct),
                _ when data.StartsWith('@') => SafeFile.ReadAllText(data[1..], "input data file", FileLimit.InputData),
                _ => data,
            };
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            Console.Out.WriteLine(await service.RunAsync(body, ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete()
    {
        var name = NameArgument();
        var command = new Command("delete", "Stop the service's replicas and free its port") { name };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var service = await Webservice.GetAsync(workspace, result.GetValue(name)!, ct);
            await service.DeleteAsync(ct);
            Console.Error.WriteLine($"deleted service {service.Name}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> ReadStandardInputAsync(CancellationToken cancellationToken)
    {
        var buffer = new char[1 << 16];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = await Console.In.ReadAsync(buffer, cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > FileLimit.InputData.MaxBytes)
            {
                throw new Berth.Errors.BerthException(Berth.Errors.ErrorCodes.FileTooLarge, $"standard input holds more than {FileLimit.Format(FileLimit.InputData.MaxBytes)}; request bodies are at most that", "send a smaller body");
            }
        }

        return text.ToString();
    }

    internal static string StateText(Webservice service) =>
        service.Dto.StateDetail is null ? service.State : $"{service.State} ({service.Dto.StateDetail})";
}
