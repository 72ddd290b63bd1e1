namespace Berth.Services;

/// <summary>What <see cref="ServiceStateRules.Derive"/> decides a service's state from.</summary>
public sealed record ServiceStateInput
{
    /// <summary>delete() was called.</summary>
    public bool DeleteRequested { get; init; }

    /// <summary>A deploy, update or reload is running.</summary>
    public bool OperationInProgress { get; init; }

    /// <summary>How many replicas the service should have.</summary>
    public int DesiredReplicas { get; init; } = 1;

    /// <summary>How many replicas are ready now.</summary>
    public int ReadyReplicas { get; init; }

    /// <summary>
    /// The start failure is certain (an init() that raised, a compile error, an environment that cannot be built, a
    /// taken port): Berth.Diagnosis's <c>DeploymentFailure.IsCertain</c> over the diagnoses.
    /// </summary>
    public bool StartFailureCertain { get; init; }

    /// <summary>The crash-loop verdict over the replica events.</summary>
    public CrashLoopStatus CrashLoop { get; init; } = CrashLoopStatus.None;

    /// <summary>The cluster cannot place the replicas.</summary>
    public bool Unschedulable { get; init; }
}
