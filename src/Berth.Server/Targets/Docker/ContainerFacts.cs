namespace Berth.Server.Targets.Docker;

/// <summary>What the engine says about one container (<see cref="DockerEngine.InspectAsync"/>).</summary>
/// <param name="Id">The full container id.</param>
/// <param name="Name">The name without the engine's leading slash.</param>
/// <param name="Status">The engine's word: <c>created</c>, <c>running</c>, <c>exited</c>, <c>dead</c>, ...</param>
/// <param name="Running">True while its main process runs.</param>
/// <param name="ExitCode">The exit code once it has ended (137 = killed, e.g. by the memory limit); null while running or never started.</param>
/// <param name="OomKilled">True when the kernel's OOM killer hit the container's memory limit.</param>
/// <param name="RestartCount">How often the engine itself restarted it (0 for Berth's containers: Berth restarts, not the engine).</param>
/// <param name="Error">The engine's own error (why it could not start: a missing executable, a bad mount), or null.</param>
/// <param name="HostPort">The 127.0.0.1 port the published container port is bound to, while it runs; else null.</param>
/// <param name="StartedAt">When its process last started; null when never.</param>
/// <param name="FinishedAt">When its process last ended; null when it has not.</param>
/// <param name="Labels">Its labels.</param>
internal sealed record ContainerFacts(
    string Id,
    string Name,
    string Status,
    bool Running,
    int? ExitCode,
    bool OomKilled,
    int RestartCount,
    string? Error,
    int? HostPort,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The container's memory limit in bytes as the engine applied it; null for none.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Every published binding as <c>host-ip:host-port</c> (Berth publishes on 127.0.0.1 only).</summary>
    public IReadOnlyList<string> Published { get; init; } = [];
}
