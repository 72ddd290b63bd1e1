using System.CommandLine;
using Berth.Cli.Infrastructure;
using Berth.Configuration;
using Berth.Errors;

namespace Berth.Cli.Commands;

/// <summary><c>berth config validate</c>: checks the files locally; no server needed.</summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Command("config", "Check inference and deployment config files");
        var ic = new Option<string>("--ic") { Description = "inferenceconfig.json (the platform's CLI format)" };
        var dc = new Option<string>("--dc") { Description = "deploymentconfig.json (computeType local, container/aci or kubernetes/aks)" };
        var validate = new Command("validate", "Report every problem in the config files, with file:line and what is allowed") { ic, dc };
        CliAction.Local(validate, (result, _) => Task.FromResult(Validate(result.GetValue(ic), result.GetValue(dc))));
        config.Subcommands.Add(validate);
        return config;
    }

    private static int Validate(string? icPath, string? dcPath)
    {
        if (icPath is null && dcPath is null)
        {
            throw new BerthException(ErrorCodes.RequestInvalid, "nothing to validate", "pass --ic inferenceconfig.json and/or --dc deploymentconfig.json");
        }

        var issues = new List<ConfigIssue>();
        var summaries = new List<string>();
        if (icPath is not null)
        {
            Check(icPath, () => Describe(InferenceConfigLoader.Load(icPath), icPath), issues, summaries);
        }

        if (dcPath is not null)
        {
            Check(dcPath, () => Describe(DeploymentConfigLoader.Load(dcPath), dcPath), issues, summaries);
        }

        if (issues.Count > 0)
        {
            var onlyMissingFiles = issues.All(i => i.Line is null && i.Field is null);
            throw new ConfigValidationException(issues, onlyMissingFiles
                ? "check the path; --ic and --dc take the config files' paths"
                : "fix the fields named above; `berth config validate` lists every problem at once");
        }

        foreach (var summary in summaries)
        {
            Console.Out.WriteLine(summary);
        }

        return ExitCodes.Success;
    }

    private static void Check(string path, Func<string> load, List<ConfigIssue> issues, List<string> summaries)
    {
        try
        {
            summaries.Add(load());
        }
        catch (ConfigValidationException e)
        {
            issues.AddRange(e.Issues);
        }
        catch (BerthException e) when (e.Code is ErrorCodes.FileNotFound or ErrorCodes.FileUnreadable or ErrorCodes.FileNotRegular or ErrorCodes.FileTooLarge)
        {
            issues.Add(new ConfigIssue(path, null, null, null, e.Message));
        }
    }

    private static string Describe(InferenceConfigSpec spec, string path)
    {
        var environment = spec.EnvironmentReference is { } reference
            ? $"environment {reference.Name}:{reference.Version ?? "latest"}"
            : spec.Environment is { } definition
                ? $"{definition.PipPackages.Count + definition.CondaPackages.Count} packages{(definition.PythonVersion is { } py ? $", python {py}" : string.Empty)}"
                : "the system environment";
        return spec.EntryScript is { } entry
            ? $"{path}: valid ({spec.Runtime.ToString().ToLowerInvariant()} entry script {entry}, {environment})"
            : $"{path}: valid (onnx: no entry script, the model's one .onnx file is served, {environment})";
    }

    private static string Describe(DeploymentConfigSpec spec, string path)
    {
        var replicas = spec.NumReplicas is int n ? $"{n} replica(s)" : $"autoscale {spec.Autoscale.MinReplicas}-{spec.Autoscale.MaxReplicas} replicas";
        var port = spec.Port is int p ? $"port {p}" : "a free port";
        return $"{path}: valid ({spec.ComputeType.ToString().ToLowerInvariant()}, {replicas}, {port}, scoring timeout {spec.ScoringTimeoutMs} ms)";
    }
}
