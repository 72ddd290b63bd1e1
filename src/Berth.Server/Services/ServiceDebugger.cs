using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// <c>berth service debug</c> (MISSION R15): restarts one replica of a score.py service with one worker under debugpy on
/// 127.0.0.1, the scoring timeout off (in the replica and in the router), and <c>--stop</c> restarts it as it was. The
/// restart happens under the service's operation lock and its supervision gate, so no update, reload or tick of the
/// supervision loop sees the slot half-restarted; the slot leaves the route while it starts and rejoins once ready.
/// </summary>
internal sealed class ServiceDebugger(ReplicaSupervisor supervisor)
{
    /// <summary>debugpy's and VS Code's default port, taken when the user names none and it is free.</summary>
    public const int DefaultPort = 5678;

    /// <summary>How long the replica being replaced may take to finish its in-flight requests.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public async Task<DebugSessionDto> DebugAsync(ServiceRuntime service, DebugServiceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        var record = service.Record;
        if (record.Launch is not { } launch || record.State is ServiceState.Failed or ServiceState.Deleting)
        {
            throw new BerthException(
                ServiceErrorCodes.OperationNotSupported, $"service {service.Name} is {record.State} and runs no replica to debug",
                $"see why with `berth service diagnose {service.Name}`, then deploy it again; to debug init() from the start use `berth service debug {service.Name} --wait` once a replica runs");
        }

        if (!launch.EntryScriptName.EndsWith(".py", StringComparison.OrdinalIgnoreCase))
        {
            throw new BerthException(
                ServiceErrorCodes.OperationNotSupported, $"berth service debug attaches a Python debugger (debugpy) to score.py; service {service.Name} runs {launch.EntryScriptName}",
                $"attach a .NET debugger to the replica's process instead (its pid is in `berth service show {service.Name}`)");
        }

        if (request.Port is int asked && asked is < 1 or > 65535)
        {
            throw new BerthException(ErrorCodes.ConfigInvalid, $"--port must be in [1, 65535], got {asked}", "omit --port to use 5678 (or a free port when 5678 is taken)");
        }

        await ServiceOperations.EnterAsync(service, cancellationToken);
        try
        {
            await service.Supervision.WaitAsync(cancellationToken);
            try
            {
                return request.Stop ? await StopAsync(service, cancellationToken) : await StartAsync(service, request, cancellationToken);
            }
            finally
            {
                service.Supervision.Release();
            }
        }
        finally
        {
            service.Operation.Release();
        }
    }

    private async Task<DebugSessionDto> StartAsync(ServiceRuntime service, DebugServiceRequest request, CancellationToken cancellationToken)
    {
        var current = service.Debug;
        var slot = current?.Slot ?? service.Slots.FirstOrDefault(s => s.Status != ReplicaPhase.Stopped)
            ?? throw new BerthException(ServiceErrorCodes.OperationNotSupported, $"service {service.Name} has no replica running", $"see `berth service show {service.Name}`");
        var normal = current?.Normal ?? slot.Launch ?? service.Record.Launch!;
        var port = request.Port ?? (current?.Port is int same ? same : IsFree(DefaultPort) ? DefaultPort : FreePort());
        if (port != current?.Port && !IsFree(port))
        {
            throw new BerthException(
                ServiceErrorCodes.DebugPortInUse, $"port {port} is in use on 127.0.0.1, so debugpy cannot listen there",
                $"pick another: `berth service debug {service.Name} --port {FreePort()}`");
        }

        var variables = new Dictionary<string, string>(normal.Variables)
        {
            ["BERTH_DEBUG_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["BERTH_DEBUG_WAIT"] = request.Wait ? "true" : "false",
        };
        var debugLaunch = normal with { WorkerCount = 1, ScoringTimeoutMs = int.MaxValue, Variables = variables };
        service.Debug = new DebugSession(slot, port, request.Wait, normal);
        service.Events.Add("step", $"debugging: restarting {slot.Id} with 1 worker under debugpy on 127.0.0.1:{port}, scoring timeout off{(request.Wait ? ", init() waits for the debugger" : "")}");
        await RestartAsync(service, slot, debugLaunch, cancellationToken);
        return Dto(service, service.Debug!, active: true);
    }

    private async Task<DebugSessionDto> StopAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        if (service.Debug is not { } session)
        {
            throw new BerthException(ServiceErrorCodes.OperationNotSupported, $"no replica of service {service.Name} is being debugged", $"start with `berth service debug {service.Name}`");
        }

        service.Debug = null;
        service.Events.Add("step", $"debugging ended: restarting {session.Slot.Id} as before");
        await RestartAsync(service, session.Slot, session.Normal, cancellationToken);
        return Dto(service, session, active: false);
    }

    /// <summary>Replaces the slot's replica with one of <paramref name="launch"/>; the slot rejoins the route once the loop sees it ready.</summary>
    private async Task RestartAsync(ServiceRuntime service, ReplicaSlot slot, ReplicaLaunch launch, CancellationToken cancellationToken)
    {
        slot.Status = ReplicaPhase.Starting;
        await supervisor.UpdateRouteAsync(service, cancellationToken); // out of the route before it stops
        if (slot.Replica is { } old)
        {
            await old.StopAsync(StopGrace);
        }

        slot.Launch = launch;
        await supervisor.StartAsync(service, slot, cancellationToken);
    }

    private static DebugSessionDto Dto(ServiceRuntime service, DebugSession session, bool active)
    {
        var record = service.Record;
        var remoteRoot = Path.GetDirectoryName(session.Normal.EntryScript)!;
        return new DebugSessionDto(service.Name, session.Slot.Id, "127.0.0.1", session.Port, session.Wait, remoteRoot, LocalRoot(record, remoteRoot, session.Normal.AppRoot), active);
    }

    /// <summary>
    /// Where the client has the files the replica runs: the entry script's folder relative to the app root, placed under
    /// the source directory's parent (or the inference config's folder) as the client named it.
    /// </summary>
    private static string LocalRoot(ServiceRecord record, string remoteRoot, string appRoot)
    {
        var configDirectory = Path.GetDirectoryName(record.InferenceConfigPath) ?? "/";
        var source = record.InferenceConfigContent is { } content ? SourceDirectoryIn(content) : null;
        var relative = Path.GetRelativePath(appRoot, remoteRoot);
        if (source is null)
        {
            return relative == "." ? configDirectory : Path.GetFullPath(Path.Combine(configDirectory, relative));
        }

        // The app root holds the source directory under its own folder name (AppFolder.SourceFolderName).
        var sourceParent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source, configDirectory))) ?? "/";
        return Path.GetFullPath(Path.Combine(sourceParent, relative));
    }

    /// <summary>The inference config's <c>sourceDirectory</c> (or <c>source_directory</c>) as written, or null.</summary>
    private static string? SourceDirectoryIn(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is "sourceDirectory" or "source_directory" && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // It was valid when deployed; without it the mapping falls back to the config's folder.
        }

        return null;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
