namespace Berth.Configuration;

/// <summary>
/// A validated deployment config with every default resolved, whatever the compute type.
/// Fields the compute type does not accept hold their defaults.
/// </summary>
public sealed record DeploymentConfigSpec
{
    public required ComputeType ComputeType { get; init; }

    /// <summary>Host port for local and container services; null means "pick a free one".</summary>
    public int? Port { get; init; }

    public ResourceRequirements Resources { get; init; } = new(null, null, null, null, 0);

    public AutoscaleSettings Autoscale { get; init; } = AutoscaleSettings.Disabled;

    /// <summary>Fixed replica count; null on kubernetes when autoscaling is on (then see <see cref="Autoscale"/>).</summary>
    public int? NumReplicas { get; init; } = 1;

    public int ScoringTimeoutMs { get; init; } = 60000;

    public int MaxConcurrentRequestsPerContainer { get; init; } = 1;

    public int MaxQueueWaitMs { get; init; } = 500;

    /// <summary>The replica's wait for a batch to fill when <c>maxBatchDelayMs</c> is not given (berth-scoring's default).</summary>
    public const int DefaultMaxBatchDelayMs = 5;

    /// <summary><c>maxBatchSize</c>: an ONNX service stacks concurrent requests into runs of up to this many rows; 1 = off.</summary>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary><c>maxBatchDelayMs</c>: how long the first request of a batch waits for others.</summary>
    public int MaxBatchDelayMs { get; init; } = DefaultMaxBatchDelayMs;

    public LivenessProbeSettings LivenessProbe { get; init; } = LivenessProbeSettings.Default;

    /// <summary>Key auth (<c>authEnabled</c>): default true on kubernetes, false elsewhere.</summary>
    public bool AuthEnabled { get; init; }

    /// <summary>Token auth (<c>aadAuthEnabled</c> / <c>tokenAuthEnabled</c>), kubernetes only.</summary>
    public bool TokenAuthEnabled { get; init; }

    public string? PrimaryKey { get; init; }

    public string? SecondaryKey { get; init; }

    public SslSettings Ssl { get; init; } = SslSettings.Disabled;

    public bool AppInsightsEnabled { get; init; }

    /// <summary><c>dataCollection.storageEnabled</c>.</summary>
    public bool CollectModelData { get; init; }

    public string? Namespace { get; init; }

    public string? ComputeTargetName { get; init; }

    public string? Location { get; init; }

    public string? DnsNameLabel { get; init; }

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
