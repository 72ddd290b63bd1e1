using System.Globalization;
using Berth.Diagnosis;
using Berth.Server.Deployment;
using Berth.Server.Routing;
using Berth.Services;
using Berth.Services.Autoscaling;

namespace Berth.Server.Services;

/// <summary>
/// The autoscaler of every autoscaled service, driven by the service manager's loop: once per
/// <c>refreshPeriodInSeconds</c> it reads the router's load for the service, lets Core's <see cref="AutoscaleRules"/>
/// decide, and carries the decision out on whatever target the service runs on, in replica slots of the serving
/// generation: new slots start like any replica and join the route once ready (the supervisor puts them there); removed
/// slots leave the route first, then drain (SIGTERM: their in-flight requests finish) and stop. Every decision is an
/// event of the service with its inputs. It waits while an operation or a rollout runs.
/// </summary>
internal sealed class Autoscaler(RouterLink router, ReplicaSupervisor supervisor, TimeProvider time)
{
    public async Task TickAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        var record = service.Record;
        var now = time.GetUtcNow();
        if (record.Autoscale is not { Enabled: true } settings || now < service.NextAutoscaleAt
            || service.OperationRunning || service.Rollout is not null || service.Debug is not null || service.IsDeleted
            || record.Launch is null || record.State is ServiceState.Deleting or ServiceState.Failed)
        {
            return;
        }

        service.NextAutoscaleAt = now + TimeSpan.FromSeconds(Math.Max(1, settings.RefreshPeriodInSeconds));
        var stats = await router.GetStatsAsync(service.Name, cancellationToken);
        if (stats is null)
        {
            return;
        }

        if (!await service.Supervision.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return; // a delete or a start holds the slots
        }

        try
        {
            var running = service.Slots.Where(s => s.Status != ReplicaPhase.Stopped).ToList();
            var replicas = new AutoscaleReplicas(running.Count(s => s.Status == ReplicaPhase.Ready), running.Count(s => s.Status != ReplicaPhase.Ready));
            var sample = new AutoscaleSample(now, stats.Recent.Utilization1s, stats.Replicas, stats.MaxConcurrentRequestsPerContainer, stats.Recent.RequestsPerSecond1s);
            var decision = AutoscaleRules.Decide(settings, replicas, sample, service.AutoscaleState, now);
            service.AutoscaleState = decision.State;
            service.AtMaximumAt = decision.AtMaximum ? now : service.AtMaximumAt;
            // At its maximum within the last minute: the 503s a user asks about came while it was.
            var atMaximum = service.AtMaximumAt is { } at && now - at < AutoscaleRules.ScaleDownWindow;
            service.Autoscale = new AutoscaleStatus(decision.Desired, replicas.Ready, atMaximum)
            {
                LastDecision = decision.Event ?? service.Autoscale?.LastDecision,
                LastDecisionAt = decision.Event is null ? service.Autoscale?.LastDecisionAt : now,
                Utilization = sample.Utilization,
            };
            if (decision.Event is { } line)
            {
                service.Events.Add("autoscale", line);
            }

            if (decision.Changed && decision.Desired > running.Count)
            {
                await AddAsync(service, running, decision.Desired - running.Count, cancellationToken);
            }
            else if (decision.Changed && decision.Desired < running.Count)
            {
                await RemoveAsync(service, running, running.Count - decision.Desired, cancellationToken);
            }
        }
        finally
        {
            service.Supervision.Release();
        }
    }

    /// <summary>Starts <paramref name="count"/> new slots of the serving generation; the supervisor routes each once ready.</summary>
    private async Task AddAsync(ServiceRuntime service, List<ReplicaSlot> running, int count, CancellationToken cancellationToken)
    {
        var generation = service.Record.Generation;
        var folder = Path.Combine(service.Directory, $"gen-{generation.ToString(CultureInfo.InvariantCulture)}");
        var next = NextIndex(service.Slots, folder);
        var added = Enumerable.Range(next, count)
            .Select(i => new ReplicaSlot($"g{generation.ToString(CultureInfo.InvariantCulture)}-r{i.ToString(CultureInfo.InvariantCulture)}", Path.Combine(folder, $"replica-{i.ToString(CultureInfo.InvariantCulture)}")) { Launch = service.Record.Launch })
            .ToList();
        service.ReplaceSlots([.. service.Slots, .. added]);
        foreach (var slot in added)
        {
            try
            {
                await supervisor.StartAsync(service, slot, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The target refused this one (the machine is full, the cluster said no): the slot goes, the reason stays.
                service.ReplaceSlots([.. service.Slots.Where(s => s != slot)]);
                service.Events.Add("autoscale", $"could not start {slot.Id}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> slots out of the route, those not yet ready and the newest first, and drains them in
    /// the background: the router sends them nothing new, and their in-flight requests finish before they stop.
    /// </summary>
    private async Task RemoveAsync(ServiceRuntime service, List<ReplicaSlot> running, int count, CancellationToken cancellationToken)
    {
        var removed = running.OrderBy(s => s.Status == ReplicaPhase.Ready).ThenByDescending(s => IndexOf(s.Id)).Take(count).ToList();
        service.ReplaceSlots([.. service.Slots.Except(removed)]);
        await supervisor.UpdateRouteAsync(service, cancellationToken);
        service.Events.Add("autoscale", $"draining {string.Join(", ", removed.Select(s => s.Id))}");
        _ = Task.Run(() => ServiceDeployer.StopAsync(removed), CancellationToken.None);
    }

    /// <summary>The next free replica number of the generation: above every slot's and every folder's (a drained slot's log stays apart).</summary>
    private static int NextIndex(IEnumerable<ReplicaSlot> slots, string folder)
    {
        var folders = System.IO.Directory.Exists(folder)
            ? System.IO.Directory.EnumerateDirectories(folder, "replica-*").Select(d => int.TryParse(Path.GetFileName(d)["replica-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
            : [];
        return slots.Select(s => IndexOf(s.Id)).Concat(folders).DefaultIfEmpty(0).Max() + 1;
    }

    /// <summary>The replica number in a slot id (<c>g3-r7</c>: 7).</summary>
    private static int IndexOf(string slotId) =>
        int.TryParse(slotId.AsSpan(slotId.LastIndexOf('r') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0;
}
