using System.Globalization;
using System.Net;
using Berth.Services;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.Server.Targets.Kubernetes;

/// <summary>
/// One replica slot on a cluster: its Deployment (one host-network pod, see <see cref="ReplicaManifest"/>), watched by a
/// background poll of the API every 500 ms (<see cref="Observe"/> stays cheap and synchronous). The pod appends its
/// output to the slot's <c>log</c> itself, every container instance after the one before, so a restarted container's
/// previous output is there too; the poll counts the workers the kernel killed in it.
/// </summary>
internal sealed class KubernetesReplica : IReplica
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>What the replica's master logs when the kernel killed a worker (gunicorn's words).</summary>
    private const string WorkerOomKill = "was sent SIGKILL! Perhaps out of memory?";

    private readonly IKubernetes _client;
    private readonly SlotDeployment _slot;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _fresh;
    private readonly Task _watching;
    private PodBaseline? _baseline;
    private ReplicaObservation _observation = new() { Running = true };
    private string? _pod;
    private long _workerOomKills;
    private long _logOffset;
    private int _disposed;

    public KubernetesReplica(IKubernetes client, string id, string directory, SlotDeployment slot, bool fresh, TimeProvider time)
    {
        _client = client;
        Id = id;
        Directory = directory;
        _slot = slot;
        _fresh = fresh;
        // An adopted replica's earlier kills were told by the server before.
        _logOffset = !fresh && File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;
        _time = time;
        _watching = Task.Run(WatchAsync);
    }

    public string Id { get; }

    public string Directory { get; }

    public string Handle => _pod is { } pod ? $"pod {pod} in {_slot.Namespace}" : $"deployment {_slot.Name} in {_slot.Namespace}";

    public int? Pid => null;

    private string LogPath => Path.Combine(Directory, "log");

    /// <summary>The last facts of the pod, with the workers the kernel killed for memory inside it (its master's log says so).</summary>
    public ReplicaObservation Observe() => Volatile.Read(ref _observation) with { OomKills = Interlocked.Read(ref _workerOomKills) };

    public void Kill()
    {
        if (_pod is { } pod)
        {
            _ = _client.CoreV1.DeleteNamespacedPodAsync(pod, _slot.Namespace, gracePeriodSeconds: 0).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Deletes the slot's Secret, its Deployment, its ReplicaSet and its pod (SIGTERM, then SIGKILL after the grace), and waits until
    /// they are gone. Berth deletes all three itself rather than leaving the ReplicaSet and pod to the cluster's garbage
    /// collector, which on a loaded machine took over a minute to get to them.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var seconds = (int)grace.TotalSeconds;
        // The Secret first: the running pod has read it already, and a server stopped in the middle leaves no secret behind.
        await _client.CoreV1.DeleteCollectionNamespacedSecretAsync(_slot.Namespace, labelSelector: _slot.Selector);
        try
        {
            await _client.AppsV1.DeleteNamespacedDeploymentAsync(_slot.Name, _slot.Namespace, new V1DeleteOptions { PropagationPolicy = "Background" });
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already.
        }

        await _client.AppsV1.DeleteCollectionNamespacedReplicaSetAsync(_slot.Namespace, labelSelector: _slot.Selector, propagationPolicy: "Background");
        await _client.CoreV1.DeleteCollectionNamespacedPodAsync(_slot.Namespace, labelSelector: _slot.Selector, gracePeriodSeconds: seconds);

        var deadline = _time.GetUtcNow() + grace + TimeSpan.FromSeconds(30);
        while (_time.GetUtcNow() < deadline)
        {
            var pods = await _client.CoreV1.ListNamespacedPodAsync(_slot.Namespace, labelSelector: _slot.Selector);
            if (pods.Items.Count == 0 && await ReadDeploymentAsync(CancellationToken.None) is null)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _time);
        }

        await DisposeAsync();
    }

    private async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _watching.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var pods = await _client.CoreV1.ListNamespacedPodAsync(_slot.Namespace, labelSelector: _slot.Selector, cancellationToken: _stop.Token);
                var deployment = await ReadDeploymentAsync(_stop.Token);
                var pod = PodFacts.Current(pods.Items);
                if (_baseline is null && PodFacts.BaselineOf(pod) is { } first)
                {
                    // A Deployment this replica created: every restart of its pod counts, even one before the first look.
                    _baseline = _fresh ? first with { Restarts = 0 } : first;
                }

                _pod = pod?.Metadata.Name ?? _pod;
                var url = File.Exists(Path.Combine(Directory, "address.json")) ? $"http://127.0.0.1:{_slot.Port.ToString(CultureInfo.InvariantCulture)}" : null;
                var events = PodFacts.Restarted(pod, _baseline)
                    ? (await _client.CoreV1.ListNamespacedEventAsync(_slot.Namespace, fieldSelector: $"involvedObject.name={pod!.Metadata.Name}", cancellationToken: _stop.Token)).Items.ToList()
                    : null;
                Volatile.Write(ref _observation, PodFacts.Observe(deployment, pod, _baseline, url, events));

                CountWorkerOomKills();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or TimeoutException or OperationCanceledException)
            {
                // The cluster did not answer: keep the last facts, say why, ask again.
                Volatile.Write(ref _observation, _observation with { Message = $"the cluster did not answer: {e.Message}" });
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

    private async Task<V1Deployment?> ReadDeploymentAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.AppsV1.ReadNamespacedDeploymentAsync(_slot.Name, _slot.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Counts the worker OOM kills in what the replica appended to its log since the last look (the pod writes the log
    /// itself, see <see cref="ReplicaManifest.ForSlot"/>). A log that was rotated is read again from its start.
    /// </summary>
    private void CountWorkerOomKills()
    {
        byte[] added;
        try
        {
            using var log = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (log.Length < _logOffset)
            {
                _logOffset = 0;
            }

            log.Seek(_logOffset, SeekOrigin.Begin);
            added = new byte[log.Length - _logOffset];
            log.ReadExactly(added);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return; // Not written yet.
        }

        // Whole lines only: a line being written is read whole at the next look.
        var whole = Array.LastIndexOf(added, (byte)'\n') + 1;
        _logOffset += whole;
        var text = System.Text.Encoding.UTF8.GetString(added, 0, whole);
        for (var at = text.IndexOf(WorkerOomKill, StringComparison.Ordinal); at >= 0; at = text.IndexOf(WorkerOomKill, at + 1, StringComparison.Ordinal))
        {
            // The memory limit killed a worker, not the container: the kubelet sees no OOMKilled, the log does.
            Interlocked.Increment(ref _workerOomKills);
        }
    }
}

/// <summary>Where a slot's Deployment is (written to the slot's <c>deployment</c> file, so a restarted server adopts it).</summary>
/// <param name="Compute">The compute target's name.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The Deployment's name.</param>
/// <param name="SlotKey">The slot's <c>berth.slot</c> label.</param>
/// <param name="Port">The 127.0.0.1 port its pod listens on.</param>
internal sealed record SlotDeployment(string Compute, string Namespace, string Name, string SlotKey, int Port)
{
    public string Selector => $"berth.slot={SlotKey}";
}
