using System.Net;
using Berth.Errors;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// Berth's only way to the Docker engine: a thin wrapper over the Engine API client (<c>Docker.DotNet.Enhanced</c>) that
/// speaks Berth's types and errors. The endpoint is <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>.
/// Every failure to reach the engine is a <see cref="BerthException"/> naming the cause and what to do
/// (<see cref="DockerErrorCodes"/>); a failed build is an <see cref="ImageBuildFailedException"/>. Containers and images
/// that are gone are not errors where the caller wanted them gone (stop, kill, remove) and are null where asked about.
/// </summary>
internal sealed class DockerEngine : IDisposable
{
    /// <summary>How long <see cref="CheckAsync"/> waits for the engine to answer.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private readonly DockerClient _client;

    public DockerEngine(Uri? endpoint = null)
    {
        Endpoint = endpoint ?? DefaultEndpoint();
        _client = new DockerClientBuilder().WithEndpoint(Endpoint).Build();
    }

    /// <summary>The engine's address.</summary>
    public Uri Endpoint { get; }

    /// <summary><c>DOCKER_HOST</c> when set, else the engine's default socket.</summary>
    public static Uri DefaultEndpoint() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : new Uri("unix:///var/run/docker.sock");

    /// <summary>
    /// Checks that the engine answers; returns its description (<c>Docker 20.10.24 (API 1.41) at unix:///var/run/docker.sock</c>).
    /// Throws a <see cref="BerthException"/> with code <see cref="DockerErrorCodes.NotInstalled"/> (no socket),
    /// <see cref="DockerErrorCodes.NotRunning"/> (nothing answers), <see cref="DockerErrorCodes.PermissionDenied"/> or
    /// <see cref="DockerErrorCodes.Unreachable"/>, each with a hint.
    /// </summary>
    public async Task<string> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (Endpoint.IsUnc || Endpoint.Scheme == "unix")
        {
            var socket = Endpoint.LocalPath;
            if (!File.Exists(socket))
            {
                throw new BerthException(
                    DockerErrorCodes.NotInstalled,
                    $"the Docker engine's socket {socket} does not exist: Docker is not installed or not started here{ViaDockerHost()}",
                    "install and start it: scripts/docker.sh (or apt-get install docker.io, then start dockerd); or set DOCKER_HOST to a running engine");
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            var version = await _client.System.GetVersionAsync(timeout.Token);
            return $"Docker {version.Version} (API {version.APIVersion}) at {Endpoint}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BerthException(
                DockerErrorCodes.Unreachable, $"the Docker engine at {Endpoint} did not answer within {CheckTimeout.TotalSeconds:0} s",
                "check that dockerd is healthy (its log; docker info), or restart it with scripts/docker.sh", isTransient: true);
        }
        catch (Exception e) when (DockerFailures.Connection(e, Endpoint) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>True when an image with this tag or id is on the engine.</summary>
    /// <summary>The container runtimes the engine has (<c>runc</c>; <c>nvidia</c> where the NVIDIA container toolkit gives GPUs).</summary>
    public async Task<IReadOnlyCollection<string>> RuntimesAsync(CancellationToken cancellationToken = default)
    {
        var info = await Call(() => _client.System.GetSystemInfoAsync(cancellationToken));
        return info.Runtimes?.Keys.ToList() ?? [];
    }

    public async Task<bool> ImageExistsAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        try
        {
            await Call(() => _client.Images.InspectImageAsync(tag, cancellationToken));
            return true;
        }
        catch (BerthException e) when (e.InnerException is DockerApiException { StatusCode: HttpStatusCode.NotFound })
        {
            return false;
        }
    }

    /// <summary>
    /// Tags <paramref name="tag"/> into <paramref name="registry"/> (<c>HOST:PORT</c>) and pushes it; returns the pushed
    /// name (<c>127.0.0.1:15000/berth/env:...</c>). The registry's credentials are the server user's <c>docker login</c>
    /// (<c>~/.docker/config.json</c>), as for the docker CLI. A refused push is a <see cref="BerthException"/> with the
    /// registry's words.
    /// </summary>
    public async Task<string> PushAsync(string tag, string registry, Action<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentNullException.ThrowIfNull(progress);
        var colon = tag.LastIndexOf(':');
        var (repository, version) = colon > 0 && !tag[colon..].Contains('/', StringComparison.Ordinal) ? (tag[..colon], tag[(colon + 1)..]) : (tag, "latest");
        var target = $"{registry}/{repository}";
        await Call(() => _client.Images.TagImageAsync(tag, new ImageTagParameters { RepositoryName = target, Tag = version }, cancellationToken));
        string? error = null;
        var messages = new SynchronousProgress<JSONMessage>(m =>
        {
            if (m.Error is { } e)
            {
                error = e.Message;
            }
        });
        await Call(() => _client.Images.PushImageAsync(target, new ImagePushParameters { Tag = version }, RegistryLogin.For(registry) ?? new AuthConfig { ServerAddress = registry }, messages, cancellationToken));
        if (error is not null)
        {
            throw new BerthException(DockerErrorCodes.Unreachable, $"the registry {registry} refused the push of {target}:{version}: {error}",
                $"check that the registry runs, and log in to it as the user the server runs as (`docker login {registry}`), or start the server with DOCKER_CONFIG set to a folder whose config.json has the login (this machine's test cluster writes one: scripts/cluster.sh status)");
        }

        progress($"pushed {target}:{version}");
        return $"{target}:{version}";
    }

    /// <summary>Removes an image (force: also when tagged twice); nothing when it is not there.</summary>
    public async Task RemoveImageAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        await IgnoreNotFound(() => _client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true }, cancellationToken));
    }

    /// <summary>Builds <paramref name="dockerfile"/> over the folder <paramref name="contextDirectory"/> as <paramref name="tag"/>; see the overload.</summary>
    public Task<string> BuildImageAsync(string contextDirectory, string dockerfile, string tag, Action<string> progress, CancellationToken cancellationToken = default) =>
        BuildImageAsync(contextDirectory, dockerfile, tag, progress, new ImageBuildOptions(), cancellationToken);

    /// <summary>
    /// Builds an image with the classic builder: the context is a tar of <paramref name="contextDirectory"/> (plus
    /// <see cref="ImageBuildOptions.Folders"/>) with the Dockerfile text added, every output line goes to
    /// <paramref name="progress"/> as it comes, intermediate containers are removed even on failure. Returns the image id.
    /// A failure throws <see cref="ImageBuildFailedException"/> with the failing step and the builder's last lines; the
    /// tag is then not given to anything.
    /// </summary>
    public async Task<string> BuildImageAsync(
        string contextDirectory, string dockerfile, string tag, Action<string> progress, ImageBuildOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        await using var context = await BuildContext.WriteAsync(contextDirectory, options.Folders, dockerfile, cancellationToken);
        var output = new DockerBuildOutput(progress);
        var parameters = new ImageBuildParameters
        {
            Tags = [tag],
            Dockerfile = BuildContext.DockerfileName,
            Remove = true,
            ForceRemove = true,
            BuildArgs = new Dictionary<string, string>(options.BuildArgs),
            Labels = new Dictionary<string, string>(options.Labels),
        };
        try
        {
            await _client.Images.BuildImageFromDockerfileAsync(
                parameters, context, [], new Dictionary<string, string>(), new SynchronousProgress<JSONMessage>(output.Add), cancellationToken);
        }
        catch (DockerApiException e)
        {
            output.Flush();
            throw new ImageBuildFailedException(tag, output.CurrentStep, DockerFailures.EngineMessage(e), output.LastLines, e);
        }
        catch (Exception e) when (DockerFailures.Connection(e, Endpoint) is { } failure)
        {
            throw failure;
        }

        output.Flush();
        if (output.Error is { } error)
        {
            throw new ImageBuildFailedException(tag, output.CurrentStep, error, output.LastLines);
        }

        var image = await Call(() => _client.Images.InspectImageAsync(tag, cancellationToken));
        return image.ID;
    }

    /// <summary>Creates and starts a container (see <see cref="ContainerSpec"/>); returns its id. A container that cannot start is removed.</summary>
    public async Task<string> RunAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var created = await ContainerCall($"create container {spec.Name}", () => _client.Containers.CreateContainerAsync(ContainerParameters.From(spec), cancellationToken));
        try
        {
            await ContainerCall($"start container {spec.Name}", () => _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken));
        }
        catch
        {
            await RemoveAsync(created.ID, CancellationToken.None);
            throw;
        }

        return created.ID;
    }

    /// <summary>
    /// Runs a short-lived container to its end and returns its exit code and output (stdout and stderr, as lines); the
    /// container is removed afterwards, also on timeout or cancellation. For checks inside an image (<see cref="ImageRequirements"/>).
    /// </summary>
    public async Task<(int ExitCode, IReadOnlyList<string> Output)> RunToEndAsync(ContainerSpec spec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var id = await RunAsync(spec, deadline.Token);
        try
        {
            var exit = await WaitAsync(id, deadline.Token);
            using var logs = await Call(() => _client.Containers.GetContainerLogsAsync(
                id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, deadline.Token));
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(deadline.Token);
            return (exit, [.. (stdout + stderr).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)]);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BerthException(DockerErrorCodes.ContainerFailed, $"container {spec.Name} did not end within {timeout.TotalSeconds:0} s", isTransient: true);
        }
        finally
        {
            await RemoveAsync(id, CancellationToken.None);
        }
    }

    /// <summary>What the engine knows about a container, or null when there is no such container.</summary>
    public async Task<ContainerFacts?> InspectAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        try
        {
            return ContainerParameters.Facts(await Call(() => _client.Containers.InspectContainerAsync(id, cancellationToken)));
        }
        catch (BerthException e) when (e.InnerException is DockerApiException { StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    /// <summary>A running container's memory (now, peak, limit) from one statistics sample; null when it is not running.</summary>
    public async Task<ContainerMemory?> MemoryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ContainerStatsResponse? stats = null;
        await IgnoreNotFound(() => _client.Containers.GetContainerStatsAsync(
            id, new ContainerStatsParameters { Stream = false, OneShot = true }, new SynchronousProgress<ContainerStatsResponse>(s => stats = s), cancellationToken));
        return stats?.MemoryStats?.Usage is ulong usage and > 0
            ? new ContainerMemory((long)usage, (long?)stats.MemoryStats.MaxUsage, (long?)stats.MemoryStats.Limit)
            : null;
    }

    /// <summary>Every container (running or not) that carries all of <paramref name="labels"/>.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var filter = labels.ToDictionary(l => $"{l.Key}={l.Value}", _ => true);
        var containers = await Call(() => _client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = filter } }, cancellationToken));
        return [.. containers.Select(c => new ContainerSummary(
            c.ID, c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID, c.Image, c.State, c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels)))];
    }

    /// <summary>Sends SIGTERM, then SIGKILL after <paramref name="grace"/> (whole seconds, rounded up); nothing when it is gone or stopped.</summary>
    public async Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var seconds = (uint)Math.Max(0, Math.Ceiling(grace.TotalSeconds));
        await IgnoreNotFound(() => _client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cancellationToken));
    }

    /// <summary>Sends SIGKILL; nothing when it is gone or not running.</summary>
    public async Task KillAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        try
        {
            await IgnoreNotFound(() => _client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "KILL" }, cancellationToken));
        }
        catch (BerthException e) when (e.InnerException is DockerApiException { StatusCode: HttpStatusCode.Conflict })
        {
            // Not running: already what the caller wanted.
        }
    }

    /// <summary>Removes a container (killing it when it runs); nothing when it is gone.</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        await IgnoreNotFound(() => _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken));
    }

    /// <summary>Waits until the container has ended; returns its exit code.</summary>
    public async Task<int> WaitAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var result = await Call(() => _client.Containers.WaitContainerAsync(id, cancellationToken));
        return (int)result.StatusCode;
    }

    /// <summary>
    /// Appends the container's output (stdout and stderr, as lines) to <paramref name="logPath"/> until the container
    /// ends and all of it is written, or until cancelled. Resumes where an earlier follower (an earlier server) left off,
    /// from the engine's timestamp kept in <paramref name="cursorPath"/>: no line twice, none lost while the engine keeps
    /// the container. See <see cref="DockerLogFollower"/>.
    /// </summary>
    public Task FollowLogsAsync(string id, string logPath, string cursorPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return DockerLogFollower.FollowAsync(_client, id, logPath, cursorPath, Endpoint, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private Task<bool> Call(Func<Task> call) => Call(async () => { await call(); return true; });

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DockerApiException e)
        {
            throw new BerthException(DockerErrorCodes.ContainerFailed, $"the Docker engine refused: {DockerFailures.EngineMessage(e)}", inner: e);
        }
        catch (Exception e) when (DockerFailures.Connection(e, Endpoint) is { } failure)
        {
            throw failure;
        }
    }

    private Task<T> ContainerCall<T>(string what, Func<Task<T>> call) => Call(async () =>
    {
        try
        {
            return await call();
        }
        catch (DockerApiException e)
        {
            throw new BerthException(DockerErrorCodes.ContainerFailed, $"could not {what}: {DockerFailures.EngineMessage(e)}", DockerFailures.Hint(e), inner: e);
        }
    });

    private async Task IgnoreNotFound(Func<Task> call)
    {
        try
        {
            await Call(call);
        }
        catch (BerthException e) when (e.InnerException is DockerApiException { StatusCode: HttpStatusCode.NotFound })
        {
            // Gone already.
        }
    }

    private static string ViaDockerHost() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? $" (DOCKER_HOST={host})" : string.Empty;
}
