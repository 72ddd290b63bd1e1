namespace Berth.Diagnosis;

/// <summary>
/// The deployment config's settings the rules compare evidence with. Nulls mean "not set"; the defaults are the
/// platform's (reference §2.3).
/// </summary>
public sealed record DeploymentSettings
{
    /// <summary>The file the user edits, named in remedies.</summary>
    public string ConfigFile { get; init; } = "deploymentconfig.json";

    /// <summary>Where the user has the deployment config (the path the service was deployed with), for remedy commands that must run as typed.</summary>
    public string? DeploymentConfigPath { get; init; }

    /// <summary>Where the user has the inference config, for remedy commands that must run as typed.</summary>
    public string InferenceConfigPath { get; init; } = "inferenceconfig.json";

    /// <summary><c>containerResourceRequirements.memoryInGB</c>; null when no limit is set.</summary>
    public double? MemoryInGB { get; init; }

    /// <summary><c>containerResourceRequirements.cpu</c>.</summary>
    public double? Cpu { get; init; }

    /// <summary><c>containerResourceRequirements.gpu</c>.</summary>
    public int? Gpu { get; init; }

    /// <summary><c>scoringTimeoutMs</c>; the router answers 504 past it.</summary>
    public int ScoringTimeoutMs { get; init; } = 60000;

    /// <summary><c>maxQueueWaitMs</c>; the router answers 503 past it.</summary>
    public int MaxQueueWaitMs { get; init; } = 500;

    /// <summary><c>maxConcurrentRequestsPerContainer</c>.</summary>
    public int MaxConcurrentRequestsPerContainer { get; init; } = 1;

    /// <summary><c>livenessProbeRequirements</c> on a cluster target; null where no probe runs.</summary>
    public Berth.Configuration.LivenessProbeSettings? LivenessProbe { get; init; }

    /// <summary><c>numReplicas</c>; null with autoscaling.</summary>
    public int? NumReplicas { get; init; }

    /// <summary><c>autoScaler.autoscaleEnabled</c>.</summary>
    public bool AutoscaleEnabled { get; init; }

    /// <summary><c>autoScaler.minReplicas</c>.</summary>
    public int AutoscaleMinReplicas { get; init; } = 1;

    /// <summary><c>autoScaler.maxReplicas</c>.</summary>
    public int AutoscaleMaxReplicas { get; init; } = 10;

    /// <summary><c>autoScaler.targetUtilization</c> in percent.</summary>
    public int AutoscaleTargetUtilization { get; init; } = 70;

    /// <summary>Worker processes per replica (<c>WORKER_COUNT</c>); that many may boot at once.</summary>
    public int WorkerCount { get; init; } = 1;

    /// <summary><c>port</c> (local target); null lets Berth pick a free one.</summary>
    public int? Port { get; init; }

    /// <summary>The platform's defaults.</summary>
    public static DeploymentSettings Default { get; } = new();
}
