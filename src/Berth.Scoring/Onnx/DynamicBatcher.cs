using System.Threading.Channels;
using Berth.Scoring.Inference;

namespace Berth.Scoring.Onnx;

/// <summary>
/// Collects concurrent requests for up to <c>maxDelay</c> after the first one (or until its kind fills
/// <c>maxRows</c>), then runs each group that <see cref="BatchStacking.Partition"/> makes as one stacked Run on the
/// thread pool and hands every request its own slice. Callers keep their own timeouts: a request that gave up just
/// does not read its slice.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> _run;
    private readonly long _maxRows;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private long _runs;
    private long _batches;
    private long _batchedRequests;

    public DynamicBatcher(Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> run, int maxRows, TimeSpan maxDelay, TimeProvider time)
    {
        _run = run;
        _maxRows = maxRows;
        _maxDelay = maxDelay;
        _time = time;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Runs of the model the batcher made (stacked or not).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Runs that stacked two requests or more.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests that ran stacked with others.</summary>
    public long BatchedRequests => Interlocked.Read(ref _batchedRequests);

    public Task<IReadOnlyList<Tensor>> RunAsync(IReadOnlyList<Tensor> inputs)
    {
        var key = BatchStacking.Key(inputs);
        var pending = new Pending(inputs, key, key is null ? 0 : BatchStacking.Rows(inputs));
        if (!_queue.Writer.TryWrite(pending)) pending.Result.TrySetException(new ObjectDisposedException(nameof(DynamicBatcher)));
        return pending.Result.Task;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var window = new List<Pending>();
            if (!reader.TryRead(out var first)) continue;
            window.Add(first);
            await CollectAsync(reader, window).ConfigureAwait(false);
            var plan = BatchStacking.Partition(window.Select(p => (p.Key, p.Rows)).ToList(), _maxRows);
            foreach (var run in plan)
            {
                var group = run.Select(i => window[i]).ToList();
                _ = Task.Run(() => Execute(group));
            }
        }
    }

    /// <summary>Adds what arrives until the delay passes or the first request's kind has <c>maxRows</c> rows.</summary>
    private async Task CollectAsync(ChannelReader<Pending> reader, List<Pending> window)
    {
        var first = window[0];
        if (first.Key is null || first.Rows >= _maxRows) return;
        var rows = first.Rows;
        using var delay = new CancellationTokenSource(_maxDelay, _time);
        while (rows < _maxRows)
        {
            if (reader.TryRead(out var next))
            {
                window.Add(next);
                if (next.Key == first.Key) rows += next.Rows;
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(delay.Token).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Execute(List<Pending> group)
    {
        Interlocked.Increment(ref _runs);
        try
        {
            if (group.Count == 1)
            {
                group[0].Result.TrySetResult(_run(group[0].Inputs));
                return;
            }

            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchedRequests, group.Count);
            var outputs = _run(BatchStacking.Stack(group.Select(p => p.Inputs).ToList()));
            var pieces = BatchStacking.Split(outputs, group.Select(p => p.Rows).ToList());
            for (var i = 0; i < group.Count; i++) group[i].Result.TrySetResult(pieces[i]);
        }
        catch (Exception e)
        {
            foreach (var p in group) p.Result.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Pending(IReadOnlyList<Tensor> Inputs, string? Key, long Rows)
    {
        public TaskCompletionSource<IReadOnlyList<Tensor>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
