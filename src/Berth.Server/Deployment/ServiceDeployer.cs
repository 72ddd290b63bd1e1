using System.Security.Cryptography;
using Berth.Configuration;
using Berth.Diagnosis;
using Berth.Server.Services;
using Berth.Server.Workspace;
using Berth.Services;

namespace Berth.Server.Deployment;

/// <summary>
/// Rolls out a generation of a service: app folder, environment, replicas, readiness, then the router swap and
/// the old replicas' stop. Ends as soon as a failure is certain (init() raised, compile error, install failure)
/// with the diagnosis, leaving the retries to the supervisor.
/// </summary>
internal sealed class ServiceDeployer(
    WorkspaceLayout layout, PythonEnvironment python, ReplicaSupervisor supervisor, EvidenceCollector evidence, TimeProvider time)
{
    /// <summary>How long a new generation's replicas may take to answer (init() included) before the rollout fails.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

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
        service.Events.Add("step", $"preparing the app folder (entry script {Path.GetFileName(plan.Inference.EntryScript)}, {plan.Models.Count} model(s))");
        var (appRoot, entry, modelDir) = AppFolder.Build(generationDir, plan.Inference, plan.Models, m => layout.ModelVersionDirectory(m.Name, m.Version));

        string interpreter;
        try
        {
            interpreter = plan.Inference.Runtime == ScriptRuntime.CSharp ? PythonEnvironment.SystemPython
                : prepareEnvironment || record.Launch is null ? await python.PrepareAsync(plan.Environment, m => service.Events.Add("step", m), cancellationToken)
                : record.Launch.Python;
        }
        catch (InstallFailedException e)
        {
            service.InstallFailure = e.Failure;
            return Fail(service, first, "preparing the environment failed");
        }

        var launch = LaunchFor(plan, appRoot, entry, modelDir, interpreter);
        var count = plan.Deployment.NumReplicas ?? 1;
        var slots = Enumerable.Range(1, count)
            .Select(i => new ReplicaSlot($"g{generation}-r{i}", Path.Combine(generationDir, $"replica-{i}")) { Launch = launch })
            .ToList();
        service.Update(r => Apply(r, plan, launch, generation));
        PendingInputs.DeleteOthers(service.Directory, plan.InferenceConfig.Root);
        if (first)
        {
            service.ReplaceSlots(slots);
        }

        if (!await StartGenerationAsync(service, slots, cancellationToken))
        {
            if (!first)
            {
                await StopAsync(slots);
            }

            return Fail(service, first, "the replicas did not become ready");
        }

        var old = service.Slots;
        service.ReplaceSlots(slots);
        await supervisor.UpdateRouteAsync(service, cancellationToken);
        if (!first)
        {
            // The new replicas serve already; the old ones finish their in-flight requests (SIGTERM drains) in the background.
            service.Events.Add("step", $"new replicas serve; stopping generation {generation - 1}");
            var retired = old.Where(o => !slots.Contains(o)).ToList();
            _ = Task.Run(() => StopAsync(retired), CancellationToken.None);
        }

        service.SetState(ServiceState.Healthy, clearError: true);
        service.Events.Add("done", $"Healthy: scoring URI {service.Record.ScoringUri}");
        return true;
    }

    /// <summary>
    /// Starts the generation's replicas and waits for them; when the operation is cancelled (delete, server stop) the
    /// replicas it started are stopped before the cancellation goes on, so none outlives it unknown.
    /// </summary>
    private async Task<bool> StartGenerationAsync(ServiceRuntime service, List<ReplicaSlot> slots, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < slots.Count; i++)
            {
                service.Events.Add("step", $"starting replica {i + 1}/{slots.Count}");
                await supervisor.StartAsync(service, slots[i], cancellationToken);
            }

            return await WaitReadyAsync(service, slots, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(slots);
            throw;
        }
    }

    public static async Task StopAsync(IReadOnlyList<ReplicaSlot> slots)
    {
        await Task.WhenAll(slots.Select(async s =>
        {
            s.Status = ReplicaStatus.Stopped;
            if (s.Process is { } process)
            {
                await process.StopAsync(TimeSpan.FromSeconds(30));
            }
        }));
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<bool> WaitReadyAsync(ServiceRuntime service, List<ReplicaSlot> slots, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + ReadyTimeout;
        while (time.GetUtcNow() < deadline)
        {
            foreach (var slot in slots.Where(s => s.Status == ReplicaStatus.Starting))
            {
                await supervisor.TickSlotAsync(service, slot, cancellationToken);
            }

            if (slots.All(s => s.Status == ReplicaStatus.Ready))
            {
                return true;
            }

            if (slots.Any(s => s.Status == ReplicaStatus.BackOff))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        service.Events.Add("step", $"the replicas did not become ready within {ReadyTimeout.TotalSeconds:0} s");
        return false;
    }

    private bool Fail(ServiceRuntime service, bool first, string what)
    {
        var causes = DiagnosisEngine.Default.Diagnose(evidence.Collect(service, null));
        if (causes.Count == 0)
        {
            causes = [new ServiceDiagnosis("deploy_failed", what, [], $"see `berth service logs {service.Name}`", DiagnosisSeverity.Error)];
        }

        service.Events.Add("failed", DiagnosisText.Format(causes));

        // After an update or reload the previous generation may still serve: then the change failed, not the service.
        var stillServing = !first && service.Slots.Any(s => s.Status == ReplicaStatus.Ready);
        service.SetState(stillServing ? ServiceState.Healthy : ServiceState.Failed, null, ReplicaSupervisor.Dto(causes[0]));
        return false;
    }

    private static ReplicaLaunch LaunchFor(DeployPlan plan, string appRoot, string entry, string modelDir, string interpreter)
    {
        var environment = plan.Environment;
        var variables = environment?.EnvironmentVariables ?? new Dictionary<string, string>();
        return new ReplicaLaunch(
            appRoot, entry, modelDir, interpreter, plan.Deployment.ScoringTimeoutMs + ReplicaTimeoutMarginMs,
            plan.WorkerCount, variables, Path.GetFileName(plan.Inference.EntryScript),
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
            NumReplicas = dc.NumReplicas ?? 1,
            MaxConcurrentRequestsPerContainer = dc.MaxConcurrentRequestsPerContainer,
            MaxQueueWaitMs = dc.MaxQueueWaitMs,
            ScoringTimeoutMs = dc.ScoringTimeoutMs,
            MemoryInGB = dc.Resources.MemoryInGB,
            AuthEnabled = dc.AuthEnabled,
            PrimaryKey = dc.PrimaryKey ?? (record.PrimaryKey.Length > 0 ? record.PrimaryKey : NewKey()),
            SecondaryKey = dc.SecondaryKey ?? (record.SecondaryKey.Length > 0 ? record.SecondaryKey : NewKey()),
            ReplicaToken = record.ReplicaToken.Length > 0 ? record.ReplicaToken : Berth.Security.SecretFile.NewSecret(),
        };
    }
}
