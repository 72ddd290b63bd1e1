using Berth.Api.V1;
using Berth.Configuration;
using Berth.Errors;
using Berth.Models;
using Berth.Naming;
using Berth.Server.Registry;
using Berth.Environments;
using Berth.Server.Targets;
using Berth.Services;

namespace Berth.Server.Deployment;

/// <summary>Checks a deploy or update before anything starts, gathering every problem into one error.</summary>
internal sealed class DeployValidator(ModelStore models, EnvironmentStore environments, DeploymentTargets targets)
{
    /// <param name="name">the service</param>
    /// <param name="modelRefs">NAME[:VERSION] of each model</param>
    /// <param name="ic">the inference config: its text and the uploaded files, or a path here</param>
    /// <param name="dc">the deployment config</param>
    /// <param name="beforeRead">for the server-side path form: sees every file the inference config names before it is read (and may refuse it)</param>
    public DeployPlan Validate(string name, IReadOnlyList<string> modelRefs, ConfigInput ic, ConfigInput dc, Action<string>? beforeRead = null)
    {
        ArgumentNullException.ThrowIfNull(ic);
        ArgumentNullException.ThrowIfNull(dc);
        if (NameRules.Validate(name, "service name") is string nameError)
        {
            throw new BerthException("service.name_invalid", nameError, "choose another --name");
        }

        var issues = new List<ConfigIssue>();
        var files = ic.Root is { } root ? ConfigFiles.Mirror(root) : beforeRead is null ? ConfigFiles.OnDisk() : ConfigFiles.OnDisk(beforeRead);
        var inference = Try(() => LoadInference(ic, files), ic.Path, issues);
        var deployment = Try(() => dc.Content is { } text ? DeploymentConfigLoader.Parse(text, dc.Path) : DeploymentConfigLoader.Load(dc.Path), dc.Path, issues);
        var resolved = new List<ModelDto>();
        if (modelRefs.Count == 0)
        {
            issues.Add(new ConfigIssue("command line", null, null, "--model", "no model given; pass --model NAME[:VERSION] at least once"));
        }

        foreach (var text in modelRefs)
        {
            if (Try(() => ModelReference.Parse(text), "command line", issues) is { } reference
                && Try(() => models.Get(reference.Name, reference.Version), "command line", issues) is { } model)
            {
                resolved.Add(model);
            }
        }

        if (deployment is not null && targets.Find(DeploymentTargets.KindOf(deployment.ComputeType)) is null)
        {
            issues.Add(new ConfigIssue(dc.Path, null, null, "computeType", $"the {deployment.ComputeType.ToString().ToLowerInvariant()} target is not available yet; use \"computeType\": \"local\""));
        }

        var (onnx, onnxProblem) = inference?.Runtime == ScriptRuntime.Onnx && resolved.Count == modelRefs.Count && modelRefs.Count > 0
            ? OnnxModelFile.Find(resolved)
            : (null, null);
        if (onnxProblem is not null)
        {
            issues.Add(new ConfigIssue("command line", null, null, "--model", onnxProblem));
        }

        if (issues.Count > 0 || inference is null || deployment is null)
        {
            throw new ConfigValidationException(issues, "fix every problem listed, then deploy again");
        }

        var (environment, file) = ResolveEnvironment(inference);
        var plan = new DeployPlan(ic, dc, inference, deployment, resolved, environment, file is null ? null : files.Display(file), onnx);
        CheckCapacity(plan);
        return plan;
    }

    /// <summary>Checks that the plan's target can be reached (the Docker engine for containers), saying what to do when not.</summary>
    public async Task CheckTargetAsync(DeployPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = targets.For(DeploymentTargets.KindOf(plan.Deployment.ComputeType));
        await target.CheckReachableAsync(plan.Deployment.ComputeTargetName, cancellationToken);
        if (target is Targets.Docker.DockerTarget docker && plan.Environment?.Docker.EnableGpu == true)
        {
            await docker.CheckGpuAsync(plan.EnvironmentFile ?? plan.InferenceConfigPath, plan.EnvironmentFile is null ? "enableGpu" : "docker.enableGpu", cancellationToken);
        }
    }

    private static InferenceConfigSpec LoadInference(ConfigInput ic, ConfigFiles files)
    {
        if (ic.Content is not { } text)
        {
            return InferenceConfigLoader.Load(ic.Path, files);
        }

        if (!Path.IsPathRooted(ic.Path))
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"inferenceConfig.path \"{ic.Path}\" is not absolute", "send the absolute path the file has where it was written: its folder anchors the config's relative paths");
        }

        return InferenceConfigLoader.Parse(text, ic.Path, Path.GetDirectoryName(ic.Path)!, files);
    }

    /// <summary>Refuses more replicas than the target can hold (the local target: Core's <see cref="LocalCapacity"/> rule), saying how many fit and why.</summary>
    private void CheckCapacity(DeployPlan plan)
    {
        var workers = plan.Inference.Runtime is ScriptRuntime.CSharp or ScriptRuntime.Onnx ? 1 : plan.WorkerCount;
        var target = targets.For(DeploymentTargets.KindOf(plan.Deployment.ComputeType));
        if (target.Kind == ServiceTargetKind.Container && plan.Deployment.Resources.Cpu is double cpu && cpu > Environment.ProcessorCount)
        {
            // The engine refuses a container with more CPUs than the machine has; say it before anything is built.
            throw new ConfigValidationException(
                [new ConfigIssue(plan.DeploymentConfigPath, null, null, "containerResourceRequirements.cpu", $"cpu {cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)} is more than this machine's {Environment.ProcessorCount} core(s), and a container cannot be given more")],
                $"lower \"cpu\" in {Path.GetFileName(plan.DeploymentConfigPath)} to {Environment.ProcessorCount} or less, then deploy again");
        }

        var autoscale = plan.Deployment.Autoscale;
        var verdict = target.CheckCapacity(new ReplicaDemand(autoscale.Enabled ? autoscale.MaxReplicas : plan.Replicas, plan.Deployment.Resources.MemoryInGB, workers));
        if (!verdict.Fits && autoscale.Enabled)
        {
            // The autoscaler would add replicas the machine cannot hold exactly when the load is highest.
            throw new ConfigValidationException(
                [new ConfigIssue(plan.DeploymentConfigPath, null, null, "autoScaler.maxReplicas", $"up to {autoscale.MaxReplicas} replicas do not fit on this machine: at most {verdict.MaxReplicas} fit; {verdict.Reason}")],
                $"lower \"autoScaler.maxReplicas\" in {Path.GetFileName(plan.DeploymentConfigPath)} to {verdict.MaxReplicas} or fewer (or \"memoryInGB\"), then deploy again");
        }

        if (!verdict.Fits)
        {
            throw new ConfigValidationException(
                [new ConfigIssue(plan.DeploymentConfigPath, null, null, "numReplicas", $"{plan.Replicas} replicas do not fit on this machine: at most {verdict.MaxReplicas} fit; {verdict.Reason}")],
                $"lower \"numReplicas\" in {Path.GetFileName(plan.DeploymentConfigPath)} to {verdict.MaxReplicas} or fewer, then deploy again");
        }
    }

    private (EnvironmentDefinition? Definition, string? File) ResolveEnvironment(InferenceConfigSpec inference)
    {
        if (inference.EnvironmentReference is { } reference)
        {
            var version = reference.Version is null ? (int?)null : int.Parse(reference.Version);
            var registered = environments.Get(reference.Name, version);
            return (EnvironmentDefinition.FromJson(registered.Definition.GetRawText()), $"environment {registered.Name}:{registered.Version}");
        }

        return (inference.Environment, inference.CondaFile ?? inference.ConfigFile);
    }

    private static T? Try<T>(Func<T> load, string file, List<ConfigIssue> issues)
        where T : class
    {
        try
        {
            return load();
        }
        catch (ConfigValidationException e)
        {
            issues.AddRange(e.Issues);
        }
        catch (BerthException e)
        {
            issues.Add(new ConfigIssue(file, null, null, null, e.Hint is null ? e.Message : $"{e.Message} ({e.Hint})"));
        }

        return null;
    }
}
