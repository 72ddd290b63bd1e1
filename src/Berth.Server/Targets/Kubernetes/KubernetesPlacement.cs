using Berth.Configuration;

namespace Berth.Server.Targets.Kubernetes;

/// <summary>
/// What a service on a cluster asks of it beyond a container's cpu and memory: the compute target
/// (<c>computeTargetName</c>, or the only one attached), the namespace, the limits, GPUs and the liveness probe.
/// </summary>
internal sealed record KubernetesPlacement
{
    /// <summary>The compute target's name; null: the only one attached.</summary>
    public string? ComputeTarget { get; init; }

    /// <summary>The deployment config's <c>namespace</c>; null: the compute target's.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>cpu_cores_limit</c>; null: the request.</summary>
    public double? CpuLimit { get; init; }

    /// <summary><c>memory_gb_limit</c>; null: the request.</summary>
    public double? MemoryInGBLimit { get; init; }

    /// <summary><c>gpu_cores</c>: <c>nvidia.com/gpu</c> per replica.</summary>
    public int Gpu { get; init; }

    /// <summary><c>livenessProbeRequirements</c>, with the platform's defaults.</summary>
    public LivenessProbeSettings LivenessProbe { get; init; } = LivenessProbeSettings.Default;
}
