using System.Threading.Channels;

namespace Berth.Scoring.Hosting;

/// <summary>
/// Hands out worker slots. A request that finds no free slot waits in a bounded queue: when
/// <c>maxQueueLength</c> requests already wait, or the wait passes <c>maxQueueWait</c>, it gets none (503).
/// </summary>
internal sealed class SlotQueue
{
    private readonly Channel<int> _free = Channel.CreateUnbounded<int>();
    private readonly int _maxQueueLength;
    private readonly TimeSpan _maxQueueWait;
    private readonly TimeProvider _time;
    private int _waiting;
    private int _busy;

    public SlotQueue(int slots, int maxQueueLength, TimeSpan maxQueueWait, TimeProvider time)
    {
        Slots = slots;
        _maxQueueLength = maxQueueLength;
        _maxQueueWait = maxQueueWait;
        _time = time;
        _busy = slots;
    }

    public int Slots { get; }

    public int Waiting => Volatile.Read(ref _waiting);

    public int Busy => Volatile.Read(ref _busy);

    public const int QueueFull = -1;
    public const int WaitTimedOut = -2;

    /// <summary>A free slot, or <see cref="QueueFull"/>, or <see cref="WaitTimedOut"/>.</summary>
    public async ValueTask<int> AcquireAsync(CancellationToken requestAborted)
    {
        if (_free.Reader.TryRead(out var slot))
        {
            Interlocked.Increment(ref _busy);
            return slot;
        }

        if (Interlocked.Increment(ref _waiting) > _maxQueueLength)
        {
            Interlocked.Decrement(ref _waiting);
            return QueueFull;
        }

        try
        {
            using var cts = new CancellationTokenSource(_maxQueueWait, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, requestAborted);
            slot = await _free.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _busy);
            return slot;
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return WaitTimedOut;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Makes the slot available again (the host calls this when its worker can take work).</summary>
    public void Release(int slot)
    {
        Interlocked.Decrement(ref _busy);
        _free.Writer.TryWrite(slot);
    }
}
