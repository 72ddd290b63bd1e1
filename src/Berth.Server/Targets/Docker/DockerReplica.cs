using Berth.Hosting;
using Berth.Services;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// One replica in a container of the replica image: berth-scoring as its main process, the generation's app folder
/// mounted read-only at <see cref="ReplicaDockerfile.AppRoot"/>, the workspace's model files read-only at their own path
/// (the app folder's <c>azureml-models</c> links point there), the slot folder read-write at
/// <see cref="ReplicaDockerfile.SlotDirectory"/> (the replica's address file), the container port published on
/// 127.0.0.1 only. The engine's output of the container is appended to the slot's <c>log</c>, as every target does.
/// <see cref="Observe"/> answers from facts a background task refreshes (the contract wants it cheap and synchronous);
/// the slot's <c>container</c> file names the container, so a restarted server adopts it.
/// </summary>
internal sealed class DockerReplica : IReplica, IAsyncDisposable
{
    /// <summary>How often the engine is asked about the container.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly DockerEngine _engine;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresh;
    private readonly Task _logs;
    private volatile ReplicaObservation _observation = new() { Running = true };
    private volatile bool _ended;
    private int _disposed;

    private DockerReplica(DockerEngine engine, string id, string directory, string containerId, TimeProvider time)
    {
        _engine = engine;
        _time = time;
        Id = id;
        Directory = directory;
        ContainerId = containerId;
        _logs = FollowLogsAsync();
        _refresh = RefreshLoopAsync();
    }

    public string Id { get; }

    public string Directory { get; }

    public string ContainerId { get; }

    public string Handle => $"container {ContainerId[..Math.Min(12, ContainerId.Length)]}";

    public int? Pid => null;

    private string LogPath => Path.Combine(Directory, "log");

    /// <summary>The container's name on the engine: service, replica and the slot folder's hash (two workspaces never collide).</summary>
    public static string NameFor(ReplicaSpec spec) => $"berth-{spec.ServiceName}-{spec.Id}-{ReplicaContainer.SlotKey(spec.Directory)}";

    public static async Task<DockerReplica> StartAsync(DockerEngine engine, ReplicaSpec spec, string workspace, string modelsDirectory, string user, bool hostNetwork, TimeProvider time, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(spec.Directory);
        foreach (var stale in new[] { "address.json", "container", "log.cursor" })
        {
            File.Delete(Path.Combine(spec.Directory, stale));
        }

        File.AppendAllText(Path.Combine(spec.Directory, "log"), string.Empty);
        System.IO.Directory.CreateDirectory(ReplicaContainer.ScriptCache(workspace));
        var name = NameFor(spec);
        await engine.RemoveAsync(name, cancellationToken); // a container left by a crash of an earlier server under this name
        var id = await engine.RunAsync(ReplicaContainer.For(spec, workspace, modelsDirectory, name, user, hostNetwork), cancellationToken);
        var file = Path.Combine(spec.Directory, "container");
        File.WriteAllText(file + ".tmp", id);
        File.Move(file + ".tmp", file, overwrite: true);
        return new DockerReplica(engine, spec.Id, spec.Directory, id, time);
    }

    /// <summary>A replica an earlier server started: its container file names the container; null when there is none.</summary>
    public static DockerReplica? Adopt(DockerEngine engine, string id, string directory, TimeProvider time)
    {
        string containerId;
        try
        {
            containerId = File.ReadAllText(Path.Combine(directory, "container")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return containerId.Length == 0 ? null : new DockerReplica(engine, id, directory, containerId, time);
    }

    public ReplicaObservation Observe() => _observation;

    public void Kill() => _ = KillQuietlyAsync();

    public async Task StopAsync(TimeSpan grace)
    {
        await _engine.StopAsync(ContainerId, grace);
        using var deadline = new CancellationTokenSource(grace + TimeSpan.FromSeconds(30));
        while (!_ended && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time);
        }

        await DisposeAsync();
        await _engine.RemoveAsync(ContainerId);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_refresh, _logs).WaitAsync(TimeSpan.FromSeconds(5), _time);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Ended as asked.
        }

        _stop.Dispose();
    }

    /// <summary>The memory kill is fire-and-forget (the contract's <see cref="Kill"/> is synchronous): an engine that does not answer is reported by the next observation, not thrown here.</summary>
    private async Task KillQuietlyAsync()
    {
        try
        {
            await _engine.KillAsync(ContainerId);
        }
        catch (Berth.Errors.BerthException e)
        {
            _observation = _observation with { Message = e.Message };
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var observation = await ObserveNowAsync(_stop.Token);
                if (observation.ExitCode is not null)
                {
                    // Ended only once the follower has written the container's last lines: the diagnosis reads a whole log.
                    try
                    {
                        await _logs.WaitAsync(TimeSpan.FromSeconds(5), _time, _stop.Token);
                    }
                    catch (TimeoutException)
                    {
                        // The engine holds back the rest; report the end regardless.
                    }

                    _observation = observation;
                    _ended = true;
                    return;
                }

                _observation = observation;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Berth.Errors.BerthException e)
            {
                // The engine did not answer (restarting?): keep the last facts, say why, ask again.
                _observation = _observation with { Message = e.Message };
            }

            try
            {
                await Task.Delay(RefreshInterval, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<ReplicaObservation> ObserveNowAsync(CancellationToken cancellationToken)
    {
        var facts = await _engine.InspectAsync(ContainerId, cancellationToken);
        if (facts is null)
        {
            return ReplicaObservation.Ended(255) with { Message = $"container {ContainerId[..12]} was removed behind Berth's back" };
        }

        if (!facts.Running && facts.ExitCode is int code && facts.Status is "exited" or "dead")
        {
            // Berth's own stops do not come here (the slot is stopped first): a clean end was asked for by someone else.
            var why = facts.Error ?? (code is 0 or 143 ? "the container was stopped outside Berth (docker stop, or the Docker engine stopped or restarted)" : null);
            return ReplicaObservation.Ended(code, facts.OomKilled) with { Message = why };
        }

        // Listening once berth-scoring has published its address; the router reaches it on the published 127.0.0.1 port,
        // or, on the host's network (nothing published), at the 127.0.0.1 address the replica wrote itself.
        var url = facts.HostPort is int port
            ? (File.Exists(Path.Combine(Directory, "address.json")) ? $"http://127.0.0.1:{port}" : null)
            : ReplicaAddressFile.TryRead(Path.Combine(Directory, "address.json"), pid: null)?.Url;
        var memory = url is not null ? await _engine.MemoryAsync(ContainerId, cancellationToken) : null;
        return new ReplicaObservation
        {
            Running = facts.Running || facts.Status == "created",
            Url = url,
            MemoryBytes = memory?.UsageBytes,
            Message = facts.Error,
        };
    }

    private async Task FollowLogsAsync()
    {
        try
        {
            await _engine.FollowLogsAsync(ContainerId, LogPath, Path.Combine(Directory, "log.cursor"), _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped following on purpose.
        }
        catch (Berth.Errors.BerthException e)
        {
            File.AppendAllText(LogPath, $"berth: the container's output could not be followed: {e.Message}{Environment.NewLine}");
        }
    }
}
