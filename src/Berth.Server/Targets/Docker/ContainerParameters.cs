using System.Globalization;
using Docker.DotNet.Models;

namespace Berth.Server.Targets.Docker;

/// <summary>Translates between Berth's container records and the Engine API's models; pure.</summary>
internal static class ContainerParameters
{
    /// <summary>The engine's <c>json-file</c> log is capped (the follower copies it to the slot's <c>log</c> as it comes).</summary>
    private static readonly Dictionary<string, string> LogLimits = new() { ["max-size"] = "20m", ["max-file"] = "3" };

    /// <summary>The create request for <paramref name="spec"/>.</summary>
    public static CreateContainerParameters From(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var port = spec.PublishPort is int p ? $"{p.ToString(CultureInfo.InvariantCulture)}/tcp" : null;
        // The library's models are not null-annotated; null (!) leaves a field out of the request, the engine's default.
        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Labels = new Dictionary<string, string>(spec.Labels),
            Env = [.. spec.Environment.Select(e => $"{e.Key}={e.Value}")],
            Entrypoint = spec.Entrypoint is null ? null! : [.. spec.Entrypoint],
            Cmd = spec.Command is null ? null! : [.. spec.Command],
            WorkingDir = spec.WorkingDirectory!,
            User = spec.User!,
            ExposedPorts = port is null ? null! : new Dictionary<string, EmptyStruct> { [port] = default },
            HostConfig = new HostConfig
            {
                Binds = [.. spec.ReadOnlyBinds.Select(b => $"{b.Key}:{b.Value}:ro"), .. spec.ReadWriteBinds.Select(b => $"{b.Key}:{b.Value}:rw")],
                Memory = spec.MemoryBytes ?? 0,
                MemorySwap = spec.MemoryBytes ?? 0,
                NanoCPUs = spec.NanoCpus ?? 0,
                Init = true,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                NetworkMode = spec.Network!,
                LogConfig = new LogConfig { Type = "json-file", Config = LogLimits },
                PortBindings = port is null
                    ? null!
                    : new Dictionary<string, IList<PortBinding>> { [port] = [new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }] },
            },
        };
    }

    /// <summary>Berth's facts from an inspect answer.</summary>
    public static ContainerFacts Facts(ContainerInspectResponse container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var state = container.State ?? new State();
        var started = Time(state.StartedAt);
        var ended = !state.Running && started is not null;
        return new ContainerFacts(
            container.ID,
            container.Name?.TrimStart('/') ?? container.ID,
            state.Status ?? "unknown",
            state.Running,
            ended ? (int)state.ExitCode : null,
            state.OOMKilled,
            (int)container.RestartCount,
            string.IsNullOrEmpty(state.Error) ? null : state.Error,
            HostPort(container.NetworkSettings),
            started,
            Time(state.FinishedAt),
            container.Config?.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>())
        {
            MemoryLimitBytes = container.HostConfig is { Memory: > 0 } host ? host.Memory : null,
            Published = [.. Bindings(container.NetworkSettings).Select(b => $"{b.HostIP}:{b.HostPort}")],
        };
    }

    /// <summary>The first port published on 127.0.0.1 (Berth publishes one).</summary>
    private static int? HostPort(NetworkSettings? network) =>
        Bindings(network)
            .Where(b => b.HostIP is "127.0.0.1")
            .Select(b => int.TryParse(b.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : (int?)null)
            .FirstOrDefault(p => p is not null);

    private static IEnumerable<PortBinding> Bindings(NetworkSettings? network) =>
        network?.Ports?.Values.Where(b => b is not null).SelectMany(b => b) ?? [];

    /// <summary>The engine's RFC 3339 time, or null for its zero time (never).</summary>
    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time.Year > 1
            ? time
            : null;
}
