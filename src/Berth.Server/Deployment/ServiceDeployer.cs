using System.Security.Cryptography;
using Berth.Configuration;
using Berth.Diagnosis;
using Berth.Server.Services;
using Berth.Server.Targets;
using Berth.Server.Workspace;
using Berth.Services;
using Microsoft.Extensions.Options;

namespace Berth.Server.Deployment;

/// <summary>
/// Rolls out a generation of a service on its target: app folder, environment (the target prepares it), replicas;
/// then it waits for the supervision loop's verdict on them (<see cref="Rollout"/>): the loop swaps a ready generation
/// in, and the deployer stops the old replicas. It ends as soon as a failure is certain (init() raised, compile error,
/// install failure) with the diagnosis, leaving the retries to the supervisor; an exit that may pass (an OOM kill, a
/// killed process) is restarted with the backoff until the replicas crash-loop or the ready timeout passes.
/// </summary>
internal sealed class ServiceDeployer(
    WorkspaceLayout layout, DeploymentTargets targets, ReplicaSupervisor supervisor, EvidenceCollector evidence, IOptions<ServerOptions> settings, TimeProvider time)
{
    /// <summary>How long a new generation's replicas may take to answer (init() included, restarts too) before the rollout fails.</summary>
    private readonly TimeSpan _readyTimeout = settings.Value.ReadyTimeout;

    /// <summary>How long a stopped replica may take to finish its in-flight requests after SIGTERM before it is killed.</summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The replica's own run() timeout is the service's <c>scoringTimeoutMs</c> plus this margin, so the router (which
    /// enforces <c>scoringTimeoutMs</c>) answers 504 first and the replica gives up just after.
    /// </summary>
    private const int ReplicaTimeoutMarginMs = 1000;

    /// <returns>True when the new generation serves; false when it failed (the state and LastError say why).</returns>
    public async Task<bool> RolloutAsync(ServiceRuntime service, DeployPlan plan, bool prepareEnvironment, CancellationToken cancellationToken)
    {
        var record = service.Record;
        var first = record.Launch is null;
        var generation = record.Generation + 1;
        var generationDir = Path.Combine(service.Directory, $"gen-{generation}");
        service.Events.Add("step", $"preparing the app folder ({plan.ServedText}, {plan.Models.Count} model(s))");
        var (appRoot, entry, modelDir) = AppFolder.Build(generationDir, plan.Inference, plan.Models, m => layout.ModelVersionDirectory(m.Name, m.Version), plan.OnnxModel);

        var target = targets.For(record.Target);
        string interpreter;
        try
        {
            // score.cs and an ONNX model need no Python environment on this machine; a container still needs its image.
            interpreter = plan.Inference.Runtime is ScriptRuntime.CSharp or ScriptRuntime.Onnx && record.Target == ServiceTargetKind.Local ? PythonEnvironment.SystemPython
                : prepareEnvironment || record.Launch is null ? await target.PrepareAsync(plan.Environment, m => service.Events.Add("step", m), cancellationToken)
                : record.Launch.Python;
        }
        catch (InstallFailedException e)
        {
            service.InstallFailure = e.Failure;
            return Fail(service, first, "preparing the environment failed");
        }

        var launch = LaunchFor(plan, appRoot, entry, modelDir, interpreter);
        var count = ReplicasToStart(plan.Deployment, service.Slots.Count);
        var slots = Enumerable.Range(1, count)
            .Select(i => new ReplicaSlot($"g{generation}-r{i}", Path.Combine(generationDir, $"replica-{i}")) { Launch = launch })
            .ToList();
        service.Update(r => Apply(r, plan, launch, generation));
        PendingInputs.DeleteOthers(service.Directory, plan.InferenceConfig.Root);
        if (first)
        {
            service.ReplaceSlots(slots);
        }

        var verdict = await StartGenerationAsync(service, slots, cancellationToken);
        if (verdict == RolloutVerdict.TimedOut)
        {
            service.Events.Add("step", $"the replicas did not become ready within {_readyTimeout.TotalSeconds:0} s (readyTimeoutS)");
        }

        if (verdict != RolloutVerdict.Ready)
        {
            if (!first)
            {
                await KeepFailedGenerationAsync(service, slots);
            }

            return Fail(service, first, verdict == RolloutVerdict.TimedOut
                ? $"the replicas did not become ready within {_readyTimeout.TotalSeconds:0} s"
                : "the replicas did not become ready", slots);
        }

        if (!first && service.Rollout?.Retired is { Count: > 0 } retired)
        {
            // The new replicas serve already; the old ones finish their in-flight requests (SIGTERM drains) in the background.
            service.Events.Add("step", $"new replicas serve; stopping generation {generation - 1}");
            _ = Task.Run(() => StopAsync(retired), CancellationToken.None);
        }

        service.Rollout = null;
        service.FailedSlots = [];
        service.AutoscaleState = Berth.Services.Autoscaling.AutoscaleState.Initial;
        service.SetState(ServiceState.Healthy, clearError: true);
        service.Events.Add("done", $"Healthy: scoring URI {service.Record.ScoringUri}");
        return true;
    }

    /// <summary>
    /// Starts the generation's replicas (each under the supervision gate, so the loop never sees a half-started slot) and
    /// hands them to the supervision loop, which decides the rollout. When the operation is cancelled (delete, server
    /// stop) the loop lets go of them and the replicas it started are stopped, so none outlives it unknown.
    /// </summary>
    private async Task<RolloutVerdict> StartGenerationAsync(ServiceRuntime service, List<ReplicaSlot> slots, CancellationToken cancellationToken)
    {
        var rollout = new Rollout(slots, time.GetUtcNow() + _readyTimeout) { SchedulingTimeout = settings.Value.SchedulingTimeout };
        try
        {
            for (var i = 0; i < slots.Count; i++)
            {
                service.Events.Add("step", $"starting replica {i + 1}/{slots.Count}");
                await service.Supervision.WaitAsync(cancellationToken);
                try
                {
                    await supervisor.StartAsync(service, slots[i], cancellationToken);
                    service.Rollout ??= rollout;
                }
                finally
                {
                    service.Supervision.Release();
                }
            }

            var verdict = await rollout.Verdict.WaitAsync(cancellationToken);
            if (verdict != RolloutVerdict.Ready)
            {
                await LetGoAsync(service, rollout);
            }

            return verdict;
        }
        catch (OperationCanceledException)
        {
            await LetGoAsync(service, rollout);
            await StopAsync(slots);
            throw;
        }
    }

    /// <summary>
    /// After a failed update or reload: while the previous generation serves, the new replicas stop and their logs stay
    /// visible (<see cref="ServiceRuntime.FailedSlots"/>); when it does not serve either, the failed generation becomes the
    /// service's (its restarts go on, and logs and diagnose show its errors, not those of a generation that is gone) and
    /// the previous one stops.
    /// </summary>
    private static async Task KeepFailedGenerationAsync(ServiceRuntime service, List<ReplicaSlot> slots)
    {
        if (service.Slots.Any(s => s.Status == ReplicaPhase.Ready))
        {
            await StopAsync(slots);
            service.FailedSlots = slots;
            return;
        }

        IReadOnlyList<ReplicaSlot> retired;
        await service.Supervision.WaitAsync(CancellationToken.None);
        try
        {
            retired = service.Slots.Where(s => !slots.Contains(s)).ToList();
            service.ReplaceSlots(slots);
            service.FailedSlots = [];
        }
        finally
        {
            service.Supervision.Release();
        }

        await StopAsync(retired);
    }

    /// <summary>Ends the loop's care for a rollout's slots (under the gate, so no tick is restarting one while they are stopped).</summary>
    private static async Task LetGoAsync(ServiceRuntime service, Rollout rollout)
    {
        var owned = await service.Supervision.WaitAsync(StopGrace, CancellationToken.None);
        try
        {
            rollout.Decide(RolloutVerdict.TimedOut);
            if (ReferenceEquals(service.Rollout, rollout))
            {
                service.Rollout = null;
            }
        }
        finally
        {
            if (owned)
            {
                service.Supervision.Release();
            }
        }
    }

    public static async Task StopAsync(IReadOnlyList<ReplicaSlot> slots)
    {
        await Task.WhenAll(slots.Select(async s =>
        {
            s.Status = ReplicaPhase.Stopped;
            if (s.Replica is { } replica)
            {
                await replica.StopAsync(StopGrace);
            }
        }));
    }

    /// <summary>
    /// A fixed <c>numReplicas</c>; autoscaled, the replicas the service runs now (an update keeps the capacity the load
    /// asked for) within <c>minReplicas</c>..<c>maxReplicas</c>, so a first deploy starts <c>minReplicas</c>.
    /// </summary>
    internal static int ReplicasToStart(DeploymentConfigSpec dc, int running) =>
        dc.NumReplicas ?? (dc.Autoscale.Enabled ? Math.Clamp(running, dc.Autoscale.MinReplicas, dc.Autoscale.MaxReplicas) : 1);

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private bool Fail(ServiceRuntime service, bool first, string what, IReadOnlyCollection<ReplicaSlot>? generation = null)
    {
        var causes = DiagnosisEngine.Default.Diagnose(evidence.Collect(service, null, generation));
        if (causes.Count == 0)
        {
            causes = [new ServiceDiagnosis("deploy_failed", what, [], $"see `berth service logs {service.Name}`", DiagnosisSeverity.Error)];
        }

        service.Events.Add("failed", DiagnosisText.Format(causes));

        // After an update or reload the previous generation may still serve: then the change failed, not the service.
        var stillServing = !first && service.Slots.Any(s => s.Status == ReplicaPhase.Ready);
        service.SetState(stillServing ? ServiceState.Healthy : ServiceState.Failed, null, ReplicaSupervisor.Dto(causes[0]));
        return false;
    }

    private static ReplicaLaunch LaunchFor(DeployPlan plan, string appRoot, string entry, string modelDir, string interpreter)
    {
        var environment = plan.Environment;
        var variables = new Dictionary<string, string>(environment?.EnvironmentVariables ?? new Dictionary<string, string>());
        if (plan.Inference.SourceDirectory is { } source)
        {
            variables.TryAdd("AZUREML_SOURCE_DIRECTORY", AppFolder.SourceFolderName(source)); // as the platform sets it
        }

        if (plan.OnnxModel is { } onnx)
        {
            // The OIP name is the served model's even among several models (AZUREML_MODEL_DIR is then their common folder).
            variables.TryAdd("BERTH_MODEL_NAME", onnx.Model.Name);
            variables.TryAdd("BERTH_MODEL_VERSION", onnx.Model.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (plan.Deployment.MaxBatchSize > 1)
        {
            variables["BERTH_MAX_BATCH_SIZE"] = plan.Deployment.MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            variables["BERTH_MAX_BATCH_DELAY_MS"] = plan.Deployment.MaxBatchDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ReplicaLaunch(
            appRoot, entry, modelDir, interpreter, plan.Deployment.ScoringTimeoutMs + ReplicaTimeoutMarginMs,
            plan.WorkerCount, variables, Path.GetFileName(entry),
            environment?.PipPackages.Select(p => p.Name).ToList() ?? [], environment?.CondaPackages.Select(p => p.Name).ToList() ?? [],
            plan.EnvironmentFile);
    }

    private static ServiceRecord Apply(ServiceRecord record, DeployPlan plan, ReplicaLaunch launch, int generation)
    {
        var dc = plan.Deployment;
        return record with
        {
            Models = plan.Models.Select(m => $"{m.Name}:{m.Version}").ToList(),
            InferenceConfigPath = plan.InferenceConfigPath,
            DeploymentConfigPath = plan.DeploymentConfigPath,
            InferenceConfigContent = plan.InferenceConfig.Content,
            DeploymentConfigContent = plan.DeploymentConfig.Content,
            InputDirectory = plan.InferenceConfig.Root,
            Generation = generation,
            Port = dc.Port ?? record.Port,
            Launch = launch,
            NumReplicas = dc.NumReplicas ?? (dc.Autoscale.Enabled ? dc.Autoscale.MinReplicas : 1),
            Autoscale = dc.Autoscale.Enabled ? dc.Autoscale : null,
            MaxConcurrentRequestsPerContainer = dc.MaxConcurrentRequestsPerContainer,
            MaxQueueWaitMs = dc.MaxQueueWaitMs,
            ScoringTimeoutMs = dc.ScoringTimeoutMs,
            MemoryInGB = dc.Resources.MemoryInGB,
            Cpu = dc.Resources.Cpu,
            Placement = dc.ComputeType == Berth.Configuration.ComputeType.Kubernetes
                ? new Targets.Kubernetes.KubernetesPlacement
                {
                    ComputeTarget = dc.ComputeTargetName, Namespace = dc.Namespace, CpuLimit = dc.Resources.CpuLimit,
                    MemoryInGBLimit = dc.Resources.MemoryInGBLimit, Gpu = dc.Resources.Gpu, LivenessProbe = dc.LivenessProbe,
                }
                : null,
            AuthEnabled = dc.AuthEnabled,
            PrimaryKey = dc.PrimaryKey ?? (record.PrimaryKey.Length > 0 ? record.PrimaryKey : NewKey()),
            SecondaryKey = dc.SecondaryKey ?? (record.SecondaryKey.Length > 0 ? record.SecondaryKey : NewKey()),
            ReplicaToken = record.ReplicaToken.Length > 0 ? record.ReplicaToken : Berth.Security.SecretFile.NewSecret(),
        };
    }
}
