using Berth.Environments;
using Berth.Server.Services;
using Berth.Services;

namespace Berth.Server.Targets;

/// <summary>
/// The one seam between Berth's control plane and where replicas run (DESIGN.md "Targets"). The deployer, the
/// supervision loop, the state rules and the diagnosis use only this contract and the target-neutral
/// <see cref="ReplicaObservation"/>; the local target (processes) is the first implementation, containers and
/// Kubernetes plug in beside it. Every target appends a replica's output to the file <c>log</c> in its slot's folder,
/// across restarts, so logs, their rotation and the diagnosis read one place whatever runs the replica.
/// </summary>
internal interface IDeploymentTarget
{
    /// <summary>Which deployment configs (<c>computeType</c>) this target serves.</summary>
    ServiceTargetKind Kind { get; }

    /// <summary>
    /// True when the target restarts its replicas itself (the kubelet); then Berth only observes. False when Berth's
    /// supervisor restarts them with its backoff (local processes, containers).
    /// </summary>
    bool RestartsReplicas { get; }

    /// <summary>
    /// Checks, before anything is built or started, that the target can be reached (the Docker engine answers, the
    /// cluster's API server does); throws a <c>BerthException</c> naming what to do when it cannot.
    /// </summary>
    /// <param name="computeTarget">The deployment config's <c>computeTargetName</c> (the cluster), or null.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task CheckReachableAsync(string? computeTarget, CancellationToken cancellationToken);

    /// <summary>How many replicas of <paramref name="demand"/> the target can hold, checked before anything starts.</summary>
    CapacityVerdict CheckCapacity(ReplicaDemand demand);

    /// <summary>
    /// Prepares the environment into what replicas start from (a Python interpreter or virtualenv here, an image on the
    /// container targets); identical definitions reuse what was prepared. Throws <c>InstallFailedException</c> with the
    /// installer's output when it cannot be built.
    /// </summary>
    Task<string> PrepareAsync(EnvironmentDefinition? environment, Action<string> progress, CancellationToken cancellationToken);

    /// <summary>Starts one replica of a generation (its slot's folder holds its log and files).</summary>
    Task<IReplica> StartAsync(ReplicaSpec spec, CancellationToken cancellationToken);

    /// <summary>Finds a replica started by an earlier server again, or null when nothing of it is left.</summary>
    IReplica? Adopt(string id, string directory);
}

/// <summary>One running (or ended) replica on a target.</summary>
internal interface IReplica
{
    /// <summary>The slot's replica id, e.g. <c>g2-r1</c>.</summary>
    string Id { get; }

    /// <summary>How the target names it for people: <c>pid 1234</c>, <c>container 3f2a...</c>, <c>pod svc-2-abcde</c>.</summary>
    string Handle { get; }

    /// <summary>The process id on this machine, when there is one.</summary>
    int? Pid { get; }

    /// <summary>What the target sees now: running, exit code, OOM kill, address, memory, the engine's message. Cheap and synchronous.</summary>
    ReplicaObservation Observe();

    /// <summary>
    /// Stops it: a graceful signal (in-flight requests finish), then a kill after <paramref name="grace"/>. Returns once the
    /// target has recorded its end, so a replica started next in the same slot sees nothing of this one.
    /// </summary>
    Task StopAsync(TimeSpan grace);

    /// <summary>Kills it at once (the memory limit).</summary>
    void Kill();
}

/// <summary>What <see cref="IDeploymentTarget.StartAsync"/> starts: one replica of a generation's launch.</summary>
/// <param name="Id">The slot's replica id.</param>
/// <param name="Directory">The slot's folder (log, address, exit).</param>
/// <param name="Launch">The generation's app folder, script, models, interpreter and variables.</param>
/// <param name="ServiceName">The service.</param>
/// <param name="ReplicaToken">The service's replica secret, or null for none.</param>
internal sealed record ReplicaSpec(string Id, string Directory, ReplicaLaunch Launch, string ServiceName, string? ReplicaToken)
{
    /// <summary>The memory limit in GB (<c>memoryInGB</c>); null: none. Containers get it as their kernel-enforced limit.</summary>
    public double? MemoryInGB { get; init; }

    /// <summary>The cores a replica may use (<c>cpu</c>); null: no limit.</summary>
    public double? Cpu { get; init; }

    /// <summary>The service's generation this replica belongs to.</summary>
    public int Generation { get; init; }

    /// <summary>On a cluster: where and with what limits; null elsewhere.</summary>
    public Kubernetes.KubernetesPlacement? Placement { get; init; }
}
