using System.Collections.Concurrent;
using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Errors;
using Berth.Server.Access;
using Berth.Server.Deployment;
using Berth.Server.Routing;
using Berth.Server.Workspace;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// Every service of the workspace: the operations (deploy, update, reload, delete, keys), the supervision loop
/// and, at start, the adoption of replicas and router left running by an earlier server.
/// </summary>
internal sealed class ServiceManager(
    WorkspaceLayout layout, ServiceStore store, DeployValidator validator, DeployInputs inputs, ServiceDeployer deployer, ReplicaSupervisor supervisor,
    RouterLink router, EvidenceCollector evidence, TimeProvider time, ILogger<ServiceManager> logger) : BackgroundService
{
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

        var now = time.GetUtcNow();
        var record = new ServiceRecord
        {
            Name = request.Name, Target = ServiceTargetKind.Local, Models = [], InferenceConfigPath = plan.InferenceConfigPath,
            DeploymentConfigPath = plan.DeploymentConfigPath, Port = plan.Deployment.Port, CreatedAt = now, UpdatedAt = now,
            AuthEnabled = plan.Deployment.AuthEnabled,
            PrimaryKey = plan.Deployment.PrimaryKey ?? ServiceDeployer.NewKey(),
            SecondaryKey = plan.Deployment.SecondaryKey ?? ServiceDeployer.NewKey(),
            ReplicaToken = Berth.Security.SecretFile.NewSecret(),
        };
        var service = new ServiceRuntime(record, layout.ServiceDirectory(request.Name), store, time);
        await ReserveFrontDoorAsync(service, plan, cancellationToken);
        if (!_services.TryAdd(request.Name, service))
        {
            throw new BerthException("service.busy", $"service {request.Name} is being deployed by another request", "wait for it: `berth service wait " + request.Name + "`");
        }

        store.Save(service.Record);
        service.Events.Add("step", $"validated: models {string.Join(", ", plan.Models.Select(m => $"{m.Name}:{m.Version}"))}; entry script {Path.GetFileName(plan.Inference.EntryScript)} ({plan.Inference.Runtime.ToString().ToLowerInvariant()}); local, {plan.Deployment.NumReplicas ?? 1} replica(s), port {service.Record.Port}");
        await service.Operation.WaitAsync(cancellationToken);
        Start(service, pending, plan, prepareEnvironment: true);
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
        await EnterAsync(service, cancellationToken);
        service.SetState(ServiceState.Transitioning);
        service.Events.Add("step", $"updating: models {string.Join(", ", plan.Models.Select(m => $"{m.Name}:{m.Version}"))}");
        Start(service, pending, plan, prepareEnvironment: true);
        return service.ToDto();
    }

    public async Task<ServiceDto> ReloadAsync(string name, ReloadServiceRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var service = Get(name);
        Check(service, ServiceOperation.Reload);
        var record = service.Record;
        using var pending = await inputs.ForReloadAsync(request, record, caller, cancellationToken);
        var plan = await pending.ValidateAsync(validator, name, record.Models, cancellationToken);
        await EnterAsync(service, cancellationToken);
        service.SetState(ServiceState.Transitioning);
        service.Events.Add("step", $"reloading {Path.GetFileName(plan.Inference.EntryScript)} from {Path.GetDirectoryName(plan.InferenceConfigPath)} (environment kept)");
        Start(service, pending, plan, prepareEnvironment: false);
        return service.ToDto();
    }

    /// <summary>The configs the service runs with, for clients that re-send its files (reload).</summary>
    public ServiceConfigsDto Configs(string name)
    {
        var record = Get(name).Record;
        return new ServiceConfigsDto(record.ConfigSource, record.InferenceConfigPath, record.InferenceConfigContent, record.DeploymentConfigPath, record.DeploymentConfigContent);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var service = Get(name);
        Check(service, ServiceOperation.Delete);
        service.SetState(ServiceState.Deleting);
        await router.DeleteRouteAsync(name, cancellationToken);
        await ServiceDeployer.StopAsync(service.Slots);
        _services.TryRemove(name, out _);
        store.Delete(name);
        TryDelete(service.Directory);
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
        if (ServiceOperationRules.Check(service.Record.State, operation, ServiceTargetKind.Local, service.Name) is { } refused)
        {
            throw refused;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await AdoptAsync(stoppingToken);
        var lastRouterCheck = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() - lastRouterCheck > TimeSpan.FromSeconds(1) && !_services.IsEmpty)
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
            }

            await Task.Delay(200, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        foreach (var record in store.All())
        {
            var service = new ServiceRuntime(record, layout.ServiceDirectory(record.Name), store, time);
            service.ReplaceSlots(service.LoadSavedSlots().Select(s => { s.Launch = record.Launch; return s; }).ToList());
            _services[record.Name] = service;
            service.Events.Add("step", $"server restarted: adopted {service.Slots.Count(s => s.Status == ReplicaStatus.Starting)} running replica(s)");
            if (record.Launch is null && record.State == ServiceState.Transitioning)
            {
                // The previous server stopped before this deployment started any replica: nothing will finish it.
                service.SetState(ServiceState.Failed, null, new DiagnosisDto(
                    "deploy_interrupted", "the server stopped while this service was being deployed", [],
                    $"deploy it again: `berth service deploy --name {record.Name} ... --overwrite`", "Error"));
            }

            if (record.State == ServiceState.Deleting)
            {
                await TryAsync(record.Name, () => DeleteAsync(record.Name, cancellationToken));
            }
        }
    }

    /// <summary>Moves the request's upload into the service (the operation lock is held) and runs the rollout in the background.</summary>
    private void Start(ServiceRuntime service, PendingInputs pending, DeployPlan plan, bool prepareEnvironment)
    {
        try
        {
            plan = pending.MoveInto(service.Directory, plan);
        }
        catch
        {
            service.Operation.Release();
            throw;
        }

        _ = Task.Run(() => RunOperationAsync(service, () => deployer.RolloutAsync(service, plan, prepareEnvironment, CancellationToken.None)), CancellationToken.None);
    }

    private async Task RunOperationAsync(ServiceRuntime service, Func<Task<bool>> operation)
    {
        try
        {
            await operation();
        }
        catch (BerthException e)
        {
            service.Events.Add("failed", e.Hint is null ? e.Message : $"{e.Message}\nremedy: {e.Hint}");
            service.SetState(ServiceState.Failed, null, new DiagnosisDto(e.Code, e.Message, [], e.Hint ?? "see the server log", "Error"));
        }
        catch (Exception e)
        {
            ServerLog.SupervisorFailed(logger, e, service.Name);
            service.Events.Add("failed", $"the operation failed: {e.Message}");
            service.SetState(ServiceState.Failed, null, new DiagnosisDto("internal", e.Message, [], "see the server log", "Error"));
        }
        finally
        {
            service.Operation.Release();
        }
    }

    private async Task ReserveFrontDoorAsync(ServiceRuntime service, DeployPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            var status = await router.PutRouteAsync(ReplicaSupervisor.RouteFor(service.Record, []), cancellationToken);
            service.Update(r => r with { Port = status.Port, ScoringUri = status.ScoringUri, ClusterScoringUri = status.ClusterScoringUri });
        }
        catch (BerthException e) when (e.Code == "route.port_in_use")
        {
            throw new BerthException("service.port_in_use", e.Message, $"set \"port\" in {Path.GetFileName(plan.DeploymentConfigPath)} to a free port (or remove it to let Berth pick one), or stop the process that holds it");
        }
    }

    private static async Task EnterAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        if (!await service.Operation.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new BerthException("service.busy", $"another operation on service {service.Name} is in progress", $"wait for it to finish: `berth service wait {service.Name}`");
        }
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
