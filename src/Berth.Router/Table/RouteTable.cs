using System.Collections.Concurrent;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Router.Hosting;
using Berth.Router.Proxy;

namespace Berth.Router.Table;

/// <summary>
/// Every routed service, its front door and the saved table. Changes are serialised and saved to routes.json as soon
/// as they take effect; lookups on the request path are lock-free.
/// </summary>
internal sealed class RouteTable(RouteStore store, ReplicaProxy proxy, TimeProvider time, ILogger<RouteTable> logger) : IAsyncDisposable
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ServiceRoute> _routes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);

    public bool TryGet(string service, out ServiceRoute route) => _routes.TryGetValue(service, out route!);

    public IReadOnlyList<ServiceRoute> All() => _routes.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

    /// <summary>Reopens every saved front door. A door whose port is now taken stays closed, with the reason in its status.</summary>
    public async Task RestoreAsync(CancellationToken cancel)
    {
        var saved = store.Load();
        foreach (var spec in saved)
        {
            var route = new ServiceRoute(spec.Service, RouteSettings.From(spec), time) { Port = spec.Port };
            try
            {
                await OpenDoorAsync(route, spec.Port, cancel);
            }
            catch (BerthException e)
            {
                route.Error = e.Message;
                RouterLog.DoorReopenFailed(logger, spec.Service, spec.Port, e.Message);
            }

            _routes[spec.Service] = route;
        }

        RouterLog.RoutesLoaded(logger, saved.Count, store.Path);
    }

    /// <summary>Creates the route or changes it in place: a new replica set takes new requests at once, running ones finish.</summary>
    public async Task<ServiceRoute> PutAsync(string service, RouteSpec spec, CancellationToken cancel)
    {
        await _changes.WaitAsync(cancel);
        try
        {
            spec = spec with { Service = service };
            var settings = RouteSettings.From(spec);
            if (!_routes.TryGetValue(service, out var route))
            {
                route = new ServiceRoute(service, settings, time);
                await OpenDoorAsync(route, spec.Port, cancel);
                _routes[service] = route;
            }
            else
            {
                await MoveDoorIfNeededAsync(route, spec.Port, cancel);
                route.Apply(settings);
            }

            Save();
            RouterLog.RouteChanged(logger, service, route.Port, spec.Replicas.Count, spec.MaxConcurrentRequestsPerContainer, spec.MaxQueueWaitMs, spec.ScoringTimeoutMs, spec.AuthEnabled);
            return route;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Removes the route and closes its front door; the port is free when this returns.</summary>
    public async Task<bool> DeleteAsync(string service, CancellationToken cancel)
    {
        await _changes.WaitAsync(cancel);
        try
        {
            if (!_routes.TryRemove(service, out var route))
            {
                return false;
            }

            Save();
            await CloseDoorAsync(route, route.Door);
            RouterLog.RouteDeleted(logger, service);
            return true;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Closes every front door at once, letting running requests finish for up to the drain time.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_routes.Values.Select(route => CloseDoorAsync(route, route.Door)));
        _changes.Dispose();
    }

    private async Task MoveDoorIfNeededAsync(ServiceRoute route, int port, CancellationToken cancel)
    {
        var wanted = port == 0 ? route.Port : port;
        if (route.Door is not null && wanted == route.Port)
        {
            return;
        }

        var old = route.Door;
        await CloseDoorIfSamePortAsync(route, old, wanted);
        await OpenDoorAsync(route, wanted, cancel);
        if (old is not null && old != route.Door)
        {
            await CloseDoorAsync(route, old);
        }
    }

    private async Task CloseDoorIfSamePortAsync(ServiceRoute route, FrontDoor? door, int port)
    {
        if (door is not null && door.Port == port)
        {
            await CloseDoorAsync(route, door);
        }
    }

    private async Task OpenDoorAsync(ServiceRoute route, int port, CancellationToken cancel)
    {
        EnsureNotOurs(route.Name, port);
        try
        {
            var door = await FrontDoor.OpenAsync(port, context => proxy.HandleAsync(context, route, context.Request.Path), cancel);
            route.Door = door;
            route.Port = door.Port;
            route.Error = null;
            RouterLog.DoorOpened(logger, route.Name, door.Port);
        }
        catch (PortInUseException e)
        {
            throw new PortConflictException(port, PortOwner.Find(port), inner: e);
        }
    }

    private void EnsureNotOurs(string service, int port)
    {
        var other = port == 0 ? null : _routes.Values.FirstOrDefault(r => r.Name != service && r.Port == port && r.Door is not null);
        if (other is not null)
        {
            throw new PortConflictException(port, new PortHolder(Environment.ProcessId, "berth-router"), other.Name);
        }
    }

    private async Task CloseDoorAsync(ServiceRoute route, FrontDoor? door)
    {
        if (door is null)
        {
            return;
        }

        if (route.Door == door)
        {
            route.Door = null;
        }

        await door.CloseAsync(Drain);
        await door.DisposeAsync();
        RouterLog.DoorClosed(logger, route.Name, door.Port);
    }

    private void Save() => store.Save(_routes.Values.Select(r => r.SavedSpec));
}
