using System.Text.Json.Serialization;
using Berth.Api.V1;
using Berth.Server.Deployment;
using Berth.Diagnosis;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>What the workspace keeps about a service (the <c>services</c> table, one JSON document per service).</summary>
internal sealed record ServiceRecord
{
    public required string Name { get; init; }

    public required ServiceTargetKind Target { get; init; }

    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Where the inference config was written: on the client when its text was sent (reload re-reads its files there), else on this machine.</summary>
    public required string InferenceConfigPath { get; init; }

    public required string DeploymentConfigPath { get; init; }

    /// <summary>The inference config's text when the client sent it; null for the server-side path form.</summary>
    public string? InferenceConfigContent { get; init; }

    public string? DeploymentConfigContent { get; init; }

    /// <summary>The folder of the service's <c>inputs/</c> holding the uploaded files the inference config names, at the client's paths.</summary>
    public string? InputDirectory { get; init; }

    [JsonIgnore]
    public ConfigInput InferenceInput => new(InferenceConfigPath, InferenceConfigContent, InputDirectory);

    [JsonIgnore]
    public ConfigInput DeploymentInput => new(DeploymentConfigPath, DeploymentConfigContent);

    /// <summary>"upload" or "server-path": how the inference config and its files reached the server.</summary>
    [JsonIgnore]
    public string ConfigSource => InferenceConfigContent is null ? "server-path" : "upload";

    public ServiceState State { get; init; } = ServiceState.Transitioning;

    public string? StateDetail { get; init; }

    public int Generation { get; init; }

    public int? Port { get; init; }

    public string? ScoringUri { get; init; }

    public string? ClusterScoringUri { get; init; }

    public bool AuthEnabled { get; init; }

    public string PrimaryKey { get; init; } = string.Empty;

    public string SecondaryKey { get; init; } = string.Empty;

    /// <summary>The secret the router sends to the replicas (empty for a service made before replicas had one).</summary>
    public string ReplicaToken { get; init; } = string.Empty;

    /// <summary>The replicas a deploy starts: <c>numReplicas</c>, or <c>autoScaler.minReplicas</c> when autoscaled.</summary>
    public int NumReplicas { get; init; } = 1;

    /// <summary><c>autoScaler</c> when autoscaling is on; null for a fixed <see cref="NumReplicas"/>.</summary>
    public Berth.Configuration.AutoscaleSettings? Autoscale { get; init; }

    public int MaxConcurrentRequestsPerContainer { get; init; } = 1;

    public int MaxQueueWaitMs { get; init; } = 500;

    public int ScoringTimeoutMs { get; init; } = 60000;

    public double? MemoryInGB { get; init; }

    /// <summary><c>containerResourceRequirements.cpu</c>: the cores a replica may use (a limit on the container targets).</summary>
    public double? Cpu { get; init; }

    /// <summary>On a cluster: the compute target, namespace, limits, GPUs and liveness probe; null elsewhere.</summary>
    public Targets.Kubernetes.KubernetesPlacement? Placement { get; init; }

    /// <summary>How every replica of the current generation is started.</summary>
    public ReplicaLaunch? Launch { get; init; }

    public DiagnosisDto? LastError { get; init; }

    /// <summary>Set when Berth itself failed during the last operation (a bug in Berth); the diagnosis reports it as <c>internal_error</c>.</summary>
    public InternalFailure? InternalFailure { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// Everything needed to start one replica of a generation: the app folder, the script, the models, the environment.
/// <see cref="EntryScript"/> is the served file: the script, or the <c>.onnx</c> model of a service with no script.
/// </summary>
internal sealed record ReplicaLaunch(
    string AppRoot,
    string EntryScript,
    string ModelDir,
    string Python,
    int ScoringTimeoutMs,
    int WorkerCount,
    IReadOnlyDictionary<string, string> Variables,
    string EntryScriptName,
    IReadOnlyList<string> PipPackages,
    IReadOnlyList<string> CondaPackages,
    string? EnvironmentFile);
