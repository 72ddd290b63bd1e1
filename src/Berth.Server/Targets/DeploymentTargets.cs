using Berth.Configuration;
using Berth.Services;

namespace Berth.Server.Targets;

/// <summary>The targets this server can deploy to, by kind; a deployment config's <c>computeType</c> picks one.</summary>
internal sealed class DeploymentTargets(IEnumerable<IDeploymentTarget> targets)
{
    private readonly Dictionary<ServiceTargetKind, IDeploymentTarget> _targets = targets.ToDictionary(t => t.Kind);

    /// <summary>The target of <paramref name="kind"/>, or null when this server has none.</summary>
    public IDeploymentTarget? Find(ServiceTargetKind kind) => _targets.GetValueOrDefault(kind);

    /// <summary>The target a service of <paramref name="kind"/> runs on; a service record names only kinds this server deployed.</summary>
    public IDeploymentTarget For(ServiceTargetKind kind) =>
        Find(kind) ?? throw new InvalidOperationException($"no {kind} target is registered");

    /// <summary>The service target kind of a deployment config's <c>computeType</c>.</summary>
    public static ServiceTargetKind KindOf(ComputeType computeType) => computeType switch
    {
        ComputeType.Container => ServiceTargetKind.Container,
        ComputeType.Kubernetes => ServiceTargetKind.Kubernetes,
        _ => ServiceTargetKind.Local,
    };
}
