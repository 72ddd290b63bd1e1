using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>What the workspace keeps about a service (the <c>services</c> table, one JSON document per service).</summary>
internal sealed record ServiceRecord
{
    public required string Name { get; init; }

    public required ServiceTargetKind Target { get; init; }

    public required IReadOnlyList<string> Models { get; init; }

    public required string InferenceConfigPath { get; init; }

    public required string DeploymentConfigPath { get; init; }

    public ServiceState State { get; init; } = ServiceState.Transitioning;

    public string? StateDetail { get; init; }

    public int Generation { get; init; }

    public int? Port { get; init; }

    public string? ScoringUri { get; init; }

    public string? ClusterScoringUri { get; init; }

    public bool AuthEnabled { get; init; }

    public string PrimaryKey { get; init; } = string.Empty;

    public string SecondaryKey { get; init; } = string.Empty;

    public int NumReplicas { get; init; } = 1;

    public int MaxConcurrentRequestsPerContainer { get; init; } = 1;

    public int MaxQueueWaitMs { get; init; } = 500;

    public int ScoringTimeoutMs { get; init; } = 60000;

    public double? MemoryInGB { get; init; }

    /// <summary>How every replica of the current generation is started.</summary>
    public ReplicaLaunch? Launch { get; init; }

    public DiagnosisDto? LastError { get; init; }

    /// <summary>Set when Berth itself failed during the last operation (a bug in Berth); the diagnosis reports it as <c>internal_error</c>.</summary>
    public InternalFailure? InternalFailure { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Everything needed to start one replica of a generation: the app folder, the script, the models, the environment.</summary>
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
