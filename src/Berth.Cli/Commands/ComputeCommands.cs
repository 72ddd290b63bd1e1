using System.CommandLine;
using System.Globalization;
using Berth.Api.V1;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary><c>berth compute attach|list|show|detach</c>: the Kubernetes clusters services may be deployed to.</summary>
internal static class ComputeCommands
{
    public static Command Create()
    {
        var compute = new Command("compute", "Attach, list, show and detach compute targets (Kubernetes clusters)");
        compute.Subcommands.Add(Attach());
        compute.Subcommands.Add(List());
        compute.Subcommands.Add(Show());
        compute.Subcommands.Add(Detach());
        return compute;
    }

    private static Command Attach()
    {
        var name = new Option<string>("--name", "-n") { Description = "Compute target name (letters, digits, '-', '_', '.')", Required = true };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "The cluster's kubeconfig file (its text is sent; the workspace keeps a copy only its owner reads)", Required = true };
        var context = new Option<string>("--context") { Description = "The kubeconfig context to use (default: its current-context)" };
        var @namespace = new Option<string>("--namespace") { Description = "Where services go (default: the context's namespace, else default)" };
        var registry = new Option<string>("--registry") { Description = "HOST:PORT of the image registry the cluster pulls from" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a compute target of that name" };
        var command = new Command("attach", "Attach a Kubernetes cluster after checking that it answers, the namespace exists and the user may deploy there")
        {
            name, kubeconfig, context, @namespace, registry, overwrite,
        };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var target = await KubernetesCompute.AttachAsync(
                workspace, result.GetValue(name)!, result.GetValue(kubeconfig)!, result.GetValue(context), result.GetValue(@namespace),
                result.GetValue(registry), result.GetValue(overwrite), ct);
            var dto = target.Dto;
            Console.Out.WriteLine($"attached {dto.Name}: context {dto.Context}, namespace {dto.Namespace}{(dto.Registry is null ? string.Empty : $", registry {dto.Registry}")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var output = CommonOptions.OutputFormat();
        var command = new Command("list", "List the attached compute targets") { output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var computes = await ComputeTarget.ListAsync(workspace, ct);
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(computes.Select(c => c.Dto));
                return ExitCodes.Success;
            }

            Output.WriteTable(
                ["Name", "Type", "Context", "Namespace", "Registry", "Attached (UTC)"],
                computes.Select(c => (IReadOnlyList<string>)[c.Name, c.Type, c.Dto.Context, c.Dto.Namespace, c.Dto.Registry ?? "-", c.Dto.AttachedAt.ToString("yyyy-MM-dd HH:mm:ss")]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The compute target's name" };
        var output = CommonOptions.OutputFormat();
        var command = new Command("show", "Show a compute target and what its cluster says now: version, nodes (Ready, allocatable cpu, memory, nvidia.com/gpu)") { name, output };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            var details = (await ComputeTarget.GetAsync(workspace, result.GetValue(name)!, ct)).Details!;
            if (CommonOptions.IsJson(result, output))
            {
                Output.WriteJson(details);
                return ExitCodes.Success;
            }

            WriteDetails(details);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Detach()
    {
        var name = new Argument<string>("name") { Description = "The compute target's name" };
        var command = new Command("detach", "Detach a compute target: the workspace forgets it and deletes its kubeconfig copy (the cluster is not touched)") { name };
        CliAction.WithWorkspace(command, async (result, workspace, ct) =>
        {
            await ComputeTarget.DetachAsync(workspace, result.GetValue(name)!, ct);
            Console.Out.WriteLine($"detached {result.GetValue(name)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteDetails(ComputeDetailsDto details)
    {
        var compute = details.Compute;
        Output.WriteFields([
            ("Compute", compute.Name),
            ("Type", compute.Type),
            ("Context", compute.Context),
            ("Namespace", compute.Namespace),
            ("Registry", compute.Registry ?? "-"),
            ("Attached (UTC)", compute.AttachedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("Cluster", details.ServerVersion is null ? "unreachable" : $"Kubernetes {details.ServerVersion}"),
            .. details.Error is null ? [] : new[] { ("Error", details.Error) },
        ]);
        if (details.Error is not null)
        {
            return;
        }

        Output.WriteTable(
            ["Node", "Ready", "CPU", "Memory", "nvidia.com/gpu"],
            details.Nodes.Select(n => (IReadOnlyList<string>)[
                n.Name, n.Ready ? "True" : "False", n.Cpu.ToString("0.###", CultureInfo.InvariantCulture), Output.Size(n.MemoryBytes), n.Gpus.ToString(CultureInfo.InvariantCulture)]));
    }
}
