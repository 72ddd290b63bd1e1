namespace Berth.Server.Targets.Docker;

/// <summary>
/// What <see cref="DockerEngine.RunAsync"/> creates and starts: one container. The engine never restarts it (Berth's
/// supervisor does, with its backoff), memory-swap equals the memory limit (so the limit is memory, and reaching it is an
/// OOM kill), an init process (the engine's <c>docker-init</c>) is PID 1 so signals reach the replica and its Python
/// workers are reaped, and a published port is bound on 127.0.0.1 only, to a port the engine picks.
/// </summary>
/// <param name="Image">The image tag or id.</param>
/// <param name="Name">The container's name (unique on the engine), e.g. <c>berth-diabetes-g2-r1</c>.</param>
internal sealed record ContainerSpec(string Image, string Name)
{
    /// <summary>Labels to find the container again (<see cref="DockerEngine.ListAsync"/>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables, added to the image's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The entrypoint; null keeps the image's (a replica image's is berth-scoring, see <see cref="ReplicaDockerfile.Entrypoint"/>).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>The command (arguments to the entrypoint); null keeps the image's CMD.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Host folder or file to path in the container, mounted read-only (models, the app folder).</summary>
    public IReadOnlyDictionary<string, string> ReadOnlyBinds { get; init; } = new Dictionary<string, string>();

    /// <summary>Host folder to path in the container, mounted read-write (the slot folder).</summary>
    public IReadOnlyDictionary<string, string> ReadWriteBinds { get; init; } = new Dictionary<string, string>();

    /// <summary>The memory limit in bytes (memory-swap is set to the same); null for none.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>CPUs in billionths (<c>--cpus 0.5</c> = 500 000 000); null for no limit.</summary>
    public long? NanoCpus { get; init; }

    /// <summary>The container's TCP port to publish on 127.0.0.1 at a random host port (<see cref="ContainerFacts.HostPort"/>); null for none.</summary>
    public int? PublishPort { get; init; }

    /// <summary>The working directory; null keeps the image's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The user (<c>uid:gid</c> or a name); null keeps the image's.</summary>
    public string? User { get; init; }

    /// <summary>The network (<c>bridge</c>, <c>none</c>); null for the engine's default.</summary>
    public string? Network { get; init; }
}
