using Berth.Services;

namespace Berth.Diagnosis;

/// <summary>
/// Everything the diagnosis rules look at for one service: its settings, replica events, recent logs, router counts,
/// environment, and the failures observed before any replica ran. The I/O shell gathers it; the rules are pure over it.
/// </summary>
/// <param name="ServiceName">The service, named in remedies (<c>berth service reload NAME</c>).</param>
/// <param name="Target">Where it runs.</param>
public sealed record ServiceEvidence(string ServiceName, ServiceTargetKind Target)
{
    /// <summary>When the evidence was gathered (a <see cref="TimeProvider"/> reading).</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>The deployment settings.</summary>
    public DeploymentSettings Settings { get; init; } = DeploymentSettings.Default;

    /// <summary>The entry script's file name as the user knows it (<c>score.py</c>, <c>score.cs</c>).</summary>
    public string EntryScript { get; init; } = "score.py";

    /// <summary>Replica starts, readiness and exits.</summary>
    public IReadOnlyList<ReplicaEvent> ReplicaEvents { get; init; } = [];

    /// <summary>Recent log lines per replica.</summary>
    public IReadOnlyList<ReplicaLog> Logs { get; init; } = [];

    /// <summary>The router's counts; null when the service never got a front door.</summary>
    public RouterStats? Router { get; init; }

    /// <summary>The autoscaler's last decision; null when the service is not autoscaled or nothing was decided yet.</summary>
    public AutoscaleStatus? Autoscale { get; init; }

    /// <summary>The environment's package lists; null when unknown.</summary>
    public EnvironmentPackages? Environment { get; init; }

    /// <summary>Set when preparing the environment failed.</summary>
    public InstallFailure? InstallFailure { get; init; }

    /// <summary>Set when the port was taken.</summary>
    public PortConflict? PortConflict { get; init; }

    /// <summary>Set when a cluster node cannot pull a replica's image.</summary>
    public ImagePullFailure? ImagePullFailure { get; init; }

    /// <summary>Set when the cluster's namespace refused a replica's pod.</summary>
    public PodsRefused? PodsRefused { get; init; }

    /// <summary>Set when Berth itself failed during an operation (a bug in Berth).</summary>
    public InternalFailure? InternalFailure { get; init; }

    /// <summary>
    /// The command that retries after the user's fix, when it is not a service update (building an environment's image
    /// ahead of a deploy: <c>berth env build NAME:V</c>); null: the rules name the service's update or reload.
    /// </summary>
    public string? RetryCommand { get; init; }

    /// <summary>Set when the cluster could not place a replica.</summary>
    public SchedulingFailure? SchedulingFailure { get; init; }
}
