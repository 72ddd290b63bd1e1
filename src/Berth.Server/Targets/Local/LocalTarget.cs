using Berth.Environments;
using Berth.Server.Deployment;
using Berth.Services;

namespace Berth.Server.Targets.Local;

/// <summary>
/// The local target (<c>computeType: local</c>): each replica is a <c>berth-scoring</c> process on this machine in a
/// session of its own; the environment is the system Python or a virtualenv per environment hash; capacity is this
/// machine's memory and cores. Berth's supervisor restarts its replicas.
/// </summary>
internal sealed class LocalTarget(PythonEnvironment python, LocalMachine machine, TimeProvider time) : IDeploymentTarget
{
    public ServiceTargetKind Kind => ServiceTargetKind.Local;

    public bool RestartsReplicas => false;

    public Task CheckReachableAsync(string? computeTarget, CancellationToken cancellationToken) => Task.CompletedTask;

    public CapacityVerdict CheckCapacity(ReplicaDemand demand) => LocalCapacity.Evaluate(machine.Read(), demand);

    public Task<string> PrepareAsync(EnvironmentDefinition? environment, Action<string> progress, CancellationToken cancellationToken) =>
        python.PrepareAsync(environment, progress, cancellationToken);

    public async Task<IReplica> StartAsync(ReplicaSpec spec, CancellationToken cancellationToken) =>
        await LocalReplica.StartAsync(spec, time, cancellationToken);

    public IReplica? Adopt(string id, string directory) => LocalReplica.Adopt(id, directory, time);
}
