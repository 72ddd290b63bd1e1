using System.CommandLine;
using Berth.Cli.Infrastructure;
using Berth.Client;
using Berth.Models;

namespace Berth.Cli.Commands;

/// <summary><c>berth model register|list|show|download|delete</c>.</summary>
internal static class ModelCommands
{
    public static Command Create()
    {
        var model = new Command("model", "Register, list, show, download and delete models");
        model.Subcommands.Add(Register());
        model.Subcommands.Add(List());
        model.Subcommands.Add(Show());
        model.Subcommands.Add(Download());
        model.Subcommands.Add(Delete());
        return model;
    }

    private static Command Register()
    {
        var name = new Option<string>("--name", "-n") { Description = "Model name (letters, digits, '-', '_', '.')", Required = true };
        var path = new Option<string>("--path", "-p") { Description = "The model file or folder", Required = true };
        var tags = new Option<string[]>("--tag") { Description = "A tag KEY=VALUE (repeatable)" };
        var properties = new Option<string[]>("--property") { Description = "A property KEY=VALUE (repeatable)" };
        var description = new Option<string>("--description", "-d") { Description = "What the model is" };
        var serverSide = new Option<bool>("--server-side-path") { Description = "Let the server copy --path on its own machine instead of sending the files (large local folders)" };
        var command = new Command("register", "Register a file or folder as the next version of a model; prints NAME:VERSION") { name, path, tags, properties, description, serverSide };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var tagPairs = KeyValueParser.Parse(result.GetValue(tags), "--tag");
            var propertyPairs = KeyValueParser.Parse(result.GetValue(properties), "--property");
            var registered = result.GetValue(serverSide)
                ? await Model.RegisterFromServerPathAsync(workspace, result.GetValue(path)!, result.GetValue(name)!, tagPairs, propertyPairs, result.GetValue(description), ct)
                : await Model.RegisterAsync(workspace, result.GetValue(path)!, result.GetValue(name)!, tagPairs, propertyPairs, result.GetValue(description), ct);
            Console.Out.WriteLine(registered.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var name = new Option<string>("--name", "-n") { Description = "Only versions of this model" };
        var tags = new Option<string[]>("--tag") { Description = "Only models with this tag: KEY=VALUE, or KEY for any value (repeatable)" };
        var output = CommonOptions.OutputFormat();
        var command = new Command("list", "List model versions") { name, tags, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var models = await Model.ListAsync(workspace, result.GetValue(name), KeyValueParser.Parse(result.GetValue(tags), "--tag", valueOptional: true), ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(models.Select(m => m.Dto));
                return ExitCodes.Success;
            }

            Output.WriteTable(
                ["Name", "Version", "Size", "Files", "Tags", "Created (UTC)", "Description"],
                models.Select(m => (IReadOnlyList<string>)[m.Name, m.Version.ToString(), Output.Size(m.Dto.SizeBytes), m.Dto.FileCount.ToString(), Output.Pairs(m.Tags), m.Dto.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss"), m.Description ?? string.Empty]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var reference = new Argument<string>("model") { Description = "NAME or NAME:VERSION (latest when no version)" };
        var output = CommonOptions.OutputFormat();
        var command = new Command("show", "Show one model version and its files") { reference, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var target = ModelReference.Parse(result.GetValue(reference)!);
            var model = await Model.GetAsync(workspace, target.Name, target.Version, ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(model.Dto);
                return ExitCodes.Success;
            }

            Output.WriteFields([
                ("Model", model.ToString()),
                ("Description", model.Description ?? "-"),
                ("Tags", Output.Pairs(model.Tags)),
                ("Properties", Output.Pairs(model.Properties)),
                ("Created (UTC)", model.Dto.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss")),
                ("Size", $"{Output.Size(model.Dto.SizeBytes)} in {model.Dto.FileCount} file(s)"),
                ("Path in a service", $"azureml-models/{model.Name}/{model.Version}/{model.Dto.RootName}"),
            ]);
            Output.WriteTable(["File", "Size", "SHA-256"], model.Files.Select(f => (IReadOnlyList<string>)[f.Path, Output.Size(f.SizeBytes), f.Sha256]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Download()
    {
        var reference = new Argument<string>("model") { Description = "NAME or NAME:VERSION (latest when no version)" };
        var target = new Option<string>("--target", "-t") { Description = "Folder to copy the model's file or folder into", Required = true };
        var command = new Command("download", "Copy a model version's files out of the workspace, checking their SHA-256") { reference, target };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var which = ModelReference.Parse(result.GetValue(reference)!);
            var model = await Model.GetAsync(workspace, which.Name, which.Version, ct);
            var path = await model.DownloadAsync(result.GetValue(target)!, ct);
            Console.Out.WriteLine(path);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete()
    {
        var reference = new Argument<string>("model") { Description = "NAME:VERSION (the version is required)" };
        var command = new Command("delete", "Delete one model version (refused while a service uses it)") { reference };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var which = ModelReference.Parse(result.GetValue(reference)!, requireVersion: true);
            var model = await Model.GetAsync(workspace, which.Name, which.Version, ct);
            await model.DeleteAsync(ct);
            Console.Error.WriteLine($"deleted model {model}");
            return ExitCodes.Success;
        });
        return command;
    }
}
