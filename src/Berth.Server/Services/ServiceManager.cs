using System.Collections.Concurrent;
using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Errors;
using Berth.Server.Access;
using Berth.Server.Deployment;
using Berth.Server.Routing;
using Berth.Server.Targets;
using Berth.Server.Workspace;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// Every service of the workspace: the operations (deploy, update, reload, delete, keys), the supervision loop
/// and, at start, the adoption of replicas and router left running by an earlier server.
/// </summary>
internal sealed class ServiceManager(
    WorkspaceLayout layout, ServiceStore store, DeployValidator validator, DeployInputs inputs, ServiceDeployer deployer, ReplicaSupervisor supervisor,
    DeploymentTargets targets, RouterLink router, EvidenceCollector evidence, ServiceOperations operations, Autoscaler autoscaler, TimeProvider time, ILogger<ServiceManager> logger) : BackgroundService
{
    /// <summary>How long delete waits for the operation it cancelled (and the supervisor's tick) before it deletes anyway.</summary>
    internal static readonly TimeSpan DeleteWait = TimeSpan.FromSeconds(30);

    /// <summary>How long the server's stop waits for the running operations it cancelled.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(20);

    /// <summary>How often the supervision loop looks at every service, and how often it checks the router.</summary>
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan RouterCheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ServiceRuntime> _services = new(StringComparer.Ordinal);

    public IReadOnlyList<ServiceDto> List() => _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.ToDto()).ToList();

    public ServiceRuntime Get(string name) => _services.TryGetValue(name, out var service)
        ? service
        : throw new BerthException("service.not_found", $"no service named \"{name}\" exists", "see `berth service list`");

    public async Task<ServiceDto> DeployAsync(DeployServiceRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var pending = await inputs.ForDeployAsync(request, caller, cancellationToken);
        var plan = await pending.ValidateAsync(validator, request.Name, request.Models, cancellationToken);
        if (_services.TryGetValue(request.Name, out var existing))
        {
            if (!request.Overwrite)
            {
                throw new BerthException("service.exists", $"a service named \"{request.Name}\" already exists ({existing.Record.State})", $"pass --overwrite to replace it, or use `berth service update {request.Name}`");
            }

            await DeleteAsync(request.Name, cancellationToken);
        }

        await FrontDoors.CheckPortAsync(router, plan, cancellationToken);
        var service = new ServiceRuntime(NewRecord(request.Name, plan), layout.ServiceDirectory(request.Name), store, time);

        // The winner among concurrent deploys of one name is decided here, before anything touches the router.
        if (!_services.TryAdd(request.Name, service))
        {
            throw new BerthException("service.busy", $"service {request.Name} is being deployed by another request", "wait for it: `berth service wait " + request.Name + "`");
        }

        service.Operation.Wait(0, CancellationToken.None); // a new service's lock is free: taken at once, released when the rollout ends
        try
        {
            await FrontDoors.ReserveAsync(router, service, plan, cancellationToken);
            plan = pending.MoveInto(service.Directory, plan);
        }
        catch
        {
            service.MarkDeleted();
            _services.TryRemove(KeyValuePair.Create(request.Name, service));
            TryDelete(service.Directory);
            service.Operation.Release();
            throw;
        }

        service.Events.Add("step", $"validated: models {string.Join(", ", plan.Models.Select(m => $"{m.Name}:{m.Version}"))}; {plan.ServedText}; {service.Record.Target.ToString().ToLowerInvariant()}, {plan.Replicas} replica(s), port {service.Record.Port}");
        foreach (var warning in NotApplying(plan))
        {
            service.Events.Add("step", warning);
        }

        _ = operations.Start(service, "deploy", ct => deployer.RolloutAsync(service, plan, prepareEnvironment: true, ct));
        return service.ToDto();
    }

    public async Task<ServiceDto> UpdateAsync(string name, UpdateServiceRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var service = Get(name);
        Check(service, ServiceOperation.Update);
        var record = service.Record;
        using var pending = await inputs.ForUpdateAsync(request, record, caller, cancellationToken);
        var plan = await pending.ValidateAsync(validator, name, request.Models ?? record.Models, cancellationToken);
        if (plan.Deployment.Port != record.Port)
        {
            await FrontDoors.CheckPortAsync(router, plan, cancellationToken);
        }

        await ServiceOperations.EnterAsync(service, cancellationToken);
        plan = MoveInputs(service, pending, plan);
        var before = service.Events.LastSequence;
        service.SetState(ServiceState.Transitioning);
        service.Events.Add("step", $"updating: models {string.Join(", ", plan.Models.Select(m => $"{m.Name}:{m.Version}"))}");
        _ = operations.Start(service, "update", ct => deployer.RolloutAsync(service, plan, prepareEnvironment: true, ct));
        return service.ToDto() with { OperationAfter = before };
    }

    public async Task<ServiceDto> ReloadAsync(string name, ReloadServiceRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var service = Get(name);
        Check(service, ServiceOperation.Reload);
        var record = service.Record;
        using var pending = await inputs.ForReloadAsync(request, record, caller, cancellationToken);
        var plan = await pending.ValidateAsync(validator, name, record.Models, cancellationToken);
        await ServiceOperations.EnterAsync(service, cancellationToken);
        plan = MoveInputs(service, pending, plan);
        var before = service.Events.LastSequence;
        service.SetState(ServiceState.Transitioning);
        service.Events.Add("step", $"reloading {Path.GetFileName(plan.Inference.EntryScript)} from {Path.GetDirectoryName(plan.InferenceConfigPath)} (environment kept)");
        _ = operations.Start(service, "reload", ct => deployer.RolloutAsync(service, plan, prepareEnvironment: false, ct));
        return service.ToDto() with { OperationAfter = before };
    }

    /// <summary>The configs the service runs with, for clients that re-send its files (reload).</summary>
    public ServiceConfigsDto Configs(string name)
    {
        var record = Get(name).Record;
        return new ServiceConfigsDto(record.ConfigSource, record.InferenceConfigPath, record.InferenceConfigContent, record.DeploymentConfigPath, record.DeploymentConfigContent);
    }

    /// <summary>Moves the request's upload into the service while its operation lock is held; releases the lock when that fails.</summary>
    private static DeployPlan MoveInputs(ServiceRuntime service, PendingInputs pending, DeployPlan plan)
    {
        try
        {
            return pending.MoveInto(service.Directory, plan);
        }
        catch
        {
            service.Operation.Release();
            throw;
        }
    }

    /// <summary>
    /// Cancels the service's running operation and waits for it (and for the supervisor's tick), bounded by
    /// <see cref="DeleteWait"/>; then nothing of the service is saved again, its front door closes, its replicas stop
    /// and its record and folder go.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var service = Get(name);
        Check(service, ServiceOperation.Delete);
        cancellationToken.ThrowIfCancellationRequested();
        await RemoveAsync(service);
    }

    private async Task RemoveAsync(ServiceRuntime service)
    {
        var name = service.Name;
        service.SetState(ServiceState.Deleting);
        service.RequestDelete();
        // A delete once begun finishes: the caller going away does not leave the service half deleted.
        var ownsOperation = await service.Operation.WaitAsync(DeleteWait, CancellationToken.None);
        var ownsSupervision = await service.Supervision.WaitAsync(DeleteWait, CancellationToken.None);
        if (!ownsOperation || !ownsSupervision)
        {
            ServerLog.DeleteOutwaited(logger, name, DeleteWait.TotalSeconds);
        }

        try
        {
            service.MarkDeleted();
            await router.DeleteRouteAsync(name, CancellationToken.None);
            await ServiceDeployer.StopAsync(service.Slots);
            _services.TryRemove(KeyValuePair.Create(name, service));
            store.Delete(name);
            TryDelete(service.Directory);
        }
        finally
        {
            Release(service.Supervision, ownsSupervision);
            Release(service.Operation, ownsOperation);
        }
    }

    private static void Release(SemaphoreSlim semaphore, bool owned)
    {
        if (owned)
        {
            semaphore.Release();
        }
    }

    public async Task<ServiceDiagnosisDto> DiagnoseAsync(string name, CancellationToken cancellationToken)
    {
        var service = Get(name);
        var stats = await router.GetStatsAsync(name, cancellationToken);
        var causes = DiagnosisEngine.Default.Diagnose(evidence.Collect(service, stats));
        var record = service.Record;
        return new ServiceDiagnosisDto(name, record.State.ToString(), record.StateDetail, causes.Select(ReplicaSupervisor.Dto).ToList());
    }

    public async Task<ServiceKeysDto> RegenerateKeyAsync(string name, string key, CancellationToken cancellationToken)
    {
        var service = Get(name);
        Check(service, ServiceOperation.RegenKey);
        var record = key switch
        {
            "Primary" => service.Update(r => r with { PrimaryKey = ServiceDeployer.NewKey() }),
            "Secondary" => service.Update(r => r with { SecondaryKey = ServiceDeployer.NewKey() }),
            _ => throw new BerthException("request.invalid", $"Error, invalid value provided for key: {key}.", "Valid options are: Primary, Secondary"),
        };
        await supervisor.UpdateRouteAsync(service, cancellationToken);
        return new ServiceKeysDto(record.PrimaryKey, record.SecondaryKey);
    }

    /// <summary>The service that uses a model version, if any (deleting the version is then refused).</summary>
    public string? UserOf(string model, int version) =>
        _services.Values.FirstOrDefault(s => s.Record.Models.Contains($"{model}:{version}"))?.Name;

    public void Check(ServiceRuntime service, ServiceOperation operation)
    {
        if (ServiceOperationRules.Check(service.Record.State, operation, service.Record.Target, service.Name) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>Loads every service (and adopts its running replicas) before the API answers, so no existing service is ever a 404.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Load();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Cancels the running operations and awaits them (bounded), then ends the supervision loop.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await operations.StopAsync(StopWait);
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var deleting in _services.Values.Where(s => s.Record.State == ServiceState.Deleting).ToList())
        {
            // A delete the previous server did not finish.
            await TryAsync(deleting.Name, () => RemoveAsync(deleting));
        }

        var lastRouterCheck = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() - lastRouterCheck > RouterCheckInterval && !_services.IsEmpty)
            {
                lastRouterCheck = time.GetUtcNow();
                await TryAsync("router", () => router.CheckAsync(stoppingToken));
                foreach (var service in _services.Values)
                {
                    service.FrontDoorDownSince = router.DownSince;
                }
            }

            foreach (var service in _services.Values)
            {
                await TryAsync(service.Name, () => supervisor.TickAsync(service, stoppingToken));
                await TryAsync(service.Name, () => autoscaler.TickAsync(service, stoppingToken));
            }

            await Task.Delay(TickInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Load()
    {
        foreach (var record in store.All())
        {
            var service = new ServiceRuntime(record, layout.ServiceDirectory(record.Name), store, time);
            service.ReplaceSlots(service.LoadSavedSlots(targets.For(record.Target)).Select(s => { s.Launch = record.Launch; return s; }).ToList());
            _services[record.Name] = service;
            service.Events.Add("step", $"server restarted: adopted {service.Slots.Count(s => s.Status == ReplicaPhase.Starting)} running replica(s)");
            if (record.Launch is null && record.State == ServiceState.Transitioning)
            {
                // The previous server stopped before this deployment started any replica: nothing will finish it.
                service.SetState(ServiceState.Failed, null, new DiagnosisDto(
                    "deploy_interrupted", "the server stopped while this service was being deployed", [],
                    $"deploy it again: `berth service deploy --name {record.Name} ... --overwrite`", "Error"));
            }
        }
    }

    /// <summary>Docker settings (base image, Dockerfile steps, GPU) have no meaning on the local target: said, not silently ignored.</summary>
    internal static IEnumerable<string> NotApplying(DeployPlan plan)
    {
        if (plan.Deployment.ComputeType != Berth.Configuration.ComputeType.Local || plan.Environment?.Docker is not { } docker)
        {
            yield break;
        }

        var set = new List<string>();
        if (docker.BaseImage is not null) set.Add($"baseImage ({docker.BaseImage})");
        if (docker.BaseDockerfile is not null) set.Add("baseDockerfile");
        if (docker.ExtraSteps.Count > 0) set.Add($"{docker.ExtraSteps.Count} extra Dockerfile step(s)");
        if (docker.EnableGpu) set.Add("enableGpu");
        if (set.Count > 0)
        {
            yield return $"warning: the Docker settings {string.Join(", ", set)} do not apply to computeType local (replicas run as processes with this machine's Python); they are used by the container and kubernetes targets";
        }
    }

    private ServiceRecord NewRecord(string name, DeployPlan plan)
    {
        var now = time.GetUtcNow();
        return new ServiceRecord
        {
            Name = name, Target = DeploymentTargets.KindOf(plan.Deployment.ComputeType),
            // The models are the service's from the start, so an update after a failed first rollout keeps them.
            Models = plan.Models.Select(m => $"{m.Name}:{m.Version}").ToList(), InferenceConfigPath = plan.InferenceConfigPath,
            DeploymentConfigPath = plan.DeploymentConfigPath, Port = plan.Deployment.Port, CreatedAt = now, UpdatedAt = now,
            AuthEnabled = plan.Deployment.AuthEnabled,
            PrimaryKey = plan.Deployment.PrimaryKey ?? ServiceDeployer.NewKey(),
            SecondaryKey = plan.Deployment.SecondaryKey ?? ServiceDeployer.NewKey(),
            ReplicaToken = Berth.Security.SecretFile.NewSecret(),
        };
    }

    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ServerLog.SupervisorFailed(logger, e, what);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
