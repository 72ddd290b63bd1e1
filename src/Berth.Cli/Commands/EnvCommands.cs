using System.CommandLine;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Cli.Infrastructure;
using Berth.Client;
using Berth.Models;

namespace Berth.Cli.Commands;

/// <summary><c>berth env register|list|show</c>.</summary>
internal static class EnvCommands
{
    public static Command Create()
    {
        var env = new Command("env", "Register, list, show and build environments (conda YAML, pip requirements, environment JSON)");
        env.Subcommands.Add(Register());
        env.Subcommands.Add(List());
        env.Subcommands.Add(Show());
        env.Subcommands.Add(Build());
        return env;
    }

    private static Command Register()
    {
        var name = new Option<string>("--name", "-n") { Description = "Environment name", Required = true };
        var file = new Option<string>("--file", "-f") { Description = "conda YAML (.yml), pip requirements (.txt) or environment JSON (.json)", Required = true };
        var baseImage = new Option<string>("--base-image") { Description = "Docker base image for the container targets" };
        var steps = new Option<string[]>("--docker-step") { Description = "An extra Dockerfile line (repeatable)" };
        var variables = new Option<string[]>("--env") { Description = "An environment variable KEY=VALUE for the service (repeatable)" };
        var nuget = new Option<string[]>("--nuget") { Description = "A NuGet package Id@Version for C# entry scripts (repeatable)" };
        var command = new Command("register", "Register an environment; an identical definition reuses the existing version") { name, file, baseImage, steps, variables, nuget };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var environment = ModelEnvironment.FromFile(result.GetValue(name)!, result.GetValue(file)!);
            environment.BaseImage = result.GetValue(baseImage);
            environment.DockerSteps.AddRange(result.GetValue(steps) ?? []);
            foreach (var pair in KeyValueParser.Parse(result.GetValue(variables), "--env") ?? [])
            {
                environment.EnvironmentVariables[pair.Key] = pair.Value;
            }

            environment.NuGetPackages.AddRange(result.GetValue(nuget) ?? []);
            var registered = await environment.RegisterAsync(workspace, ct);
            Console.Out.WriteLine($"{registered.Name}:{registered.Version}");
            if (registered.Reused)
            {
                Console.Error.WriteLine($"unchanged: the definition is identical to {registered.Name}:{registered.Version} (hash {registered.Hash[..12]})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var name = new Option<string>("--name", "-n") { Description = "Only versions of this environment" };
        var output = CommonOptions.OutputFormat();
        var command = new Command("list", "List environment versions") { name, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var environments = await ModelEnvironment.ListAsync(workspace, result.GetValue(name), ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(environments);
                return ExitCodes.Success;
            }

            Output.WriteTable(
                ["Name", "Version", "Hash", "Created (UTC)"],
                environments.Select(e => (IReadOnlyList<string>)[e.Name, e.Version.ToString(), e.Hash[..12], e.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss")]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var reference = new Argument<string>("environment") { Description = "NAME or NAME:VERSION (latest when no version)" };
        var output = CommonOptions.OutputFormat();
        var command = new Command("show", "Show one environment version's definition") { reference, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var which = ModelReference.Parse(result.GetValue(reference)!);
            var environment = await ModelEnvironment.GetAsync(workspace, which.Name, which.Version, ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(environment);
                return ExitCodes.Success;
            }

            WriteDefinition(environment, await ModelEnvironment.GetImageAsync(workspace, environment.Name, environment.Version, ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Build()
    {
        var reference = new Argument<string>("environment") { Description = "NAME or NAME:VERSION (latest when no version)" };
        var command = new Command("build", "Build the environment's container image now, so that a container deploy starts at once (an image built before is reused)") { reference };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var which = ModelReference.Parse(result.GetValue(reference)!);
            var environment = await ModelEnvironment.GetAsync(workspace, which.Name, which.Version, ct);
            var image = await ModelEnvironment.BuildAsync(workspace, environment.Name, environment.Version, ct);
            foreach (var step in image.Steps)
            {
                Console.Error.WriteLine(step);
            }

            if (!image.Built)
            {
                throw new Berth.Errors.BerthException(Berth.Errors.DockerErrorCodes.ImageBuildFailed, $"the image of {environment.Name}:{environment.Version} could not be built", image.Detail);
            }

            Console.Out.WriteLine(image.Image);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteDefinition(EnvironmentDto environment, EnvironmentImageDto image)
    {
        Output.WriteFields([
            ("Environment", $"{environment.Name}:{environment.Version}"),
            ("Hash", environment.Hash),
            ("Created (UTC)", environment.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss")),
            ("Image", image.Image is null ? $"unknown: {image.Detail}"
                : image.Built ? $"{image.Image} (built)" : $"{image.Image} (not built; `berth env build {environment.Name}:{environment.Version}` builds it)"),
        ]);
        Console.Out.WriteLine(JsonSerializer.Serialize(environment.Definition, Output.Json));
    }
}
