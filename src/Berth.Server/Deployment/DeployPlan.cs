using System.Globalization;
using Berth.Api.V1;
using Berth.Configuration;
using Berth.Environments;

namespace Berth.Server.Deployment;

/// <summary>Everything a deployment needs, validated: configs, models, the environment and where it came from.</summary>
internal sealed record DeployPlan(
    ConfigInput InferenceConfig,
    ConfigInput DeploymentConfig,
    InferenceConfigSpec Inference,
    DeploymentConfigSpec Deployment,
    IReadOnlyList<ModelDto> Models,
    EnvironmentDefinition? Environment,
    string? EnvironmentFile,
    OnnxModelFile? OnnxModel = null)
{
    /// <summary>What the replicas serve, for progress lines: <c>entry script score.py (python)</c> or <c>ONNX model mnist:1/model.onnx (no entry script)</c>.</summary>
    public string ServedText => OnnxModel is { } onnx
        ? $"ONNX model {onnx.Model.Name}:{onnx.Model.Version}/{onnx.RelativePath} (no entry script)"
        : $"entry script {System.IO.Path.GetFileName(Inference.EntryScript)} ({Inference.Runtime.ToString().ToLowerInvariant()})";

    /// <summary>The inference config's path where it was written (the client's, or this machine's).</summary>
    public string InferenceConfigPath => InferenceConfig.Path;

    public string DeploymentConfigPath => DeploymentConfig.Path;

    /// <summary>The same plan after the uploaded files moved from their folder to <paramref name="root"/>.</summary>
    public DeployPlan MovedTo(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (InferenceConfig.Root is not { } old)
        {
            return this;
        }

        string? Move(string? path) => path is not null && path.StartsWith(old + "/", StringComparison.Ordinal) ? root + path[old.Length..] : path;
        return this with
        {
            InferenceConfig = InferenceConfig with { Root = root },
            Inference = Inference with
            {
                EntryScript = Move(Inference.EntryScript),
                SourceDirectory = Move(Inference.SourceDirectory),
                CondaFile = Move(Inference.CondaFile),
                ExtraDockerfileSteps = Move(Inference.ExtraDockerfileSteps),
            },
        };
    }

    /// <summary>The environment variable that sets a replica's Python worker count (the hosted platform's name).</summary>
    public const string WorkerCountVariable = "WORKER_COUNT";

    /// <summary>The most workers berth-scoring runs (its --worker_count range).</summary>
    public const int MaxWorkers = 64;

    /// <summary>
    /// Each replica's Python workers: the environment's WORKER_COUNT when it sets one, else as many as the router sends
    /// the replica at once (<c>maxConcurrentRequestsPerContainer</c>), so no request waits in a second queue inside it.
    /// </summary>
    public int WorkerCount =>
        Environment?.EnvironmentVariables is { } variables && variables.TryGetValue(WorkerCountVariable, out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : Math.Clamp(Deployment.MaxConcurrentRequestsPerContainer, 1, MaxWorkers);

    /// <summary>Replicas the deployment asks for.</summary>
    public int Replicas => Deployment.NumReplicas ?? (Deployment.Autoscale.Enabled ? Deployment.Autoscale.MinReplicas : 1);
}
