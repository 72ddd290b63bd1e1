namespace Berth.Router.Routing;

/// <summary>
/// One service's replica slots and FIFO queue. A request takes a slot on the least-loaded replica under the cap,
/// or waits in line up to maxQueueWaitMs; a finished request hands its slot to the head of the line. The decisions
/// are <see cref="QueueAdmission"/> and <see cref="ReplicaBalancer"/>; this class only holds the state.
/// </summary>
internal sealed class SlotScheduler(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Queue<Waiter> _queue = new();
    private ReplicaSet _set = ReplicaSet.Empty;
    private int _queued;
    private int _cursor;

    public ReplicaSet Current => Volatile.Read(ref _set);

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Replaces the replica set; requests running on removed replicas finish there, waiting requests get the new ones.</summary>
    public void Swap(ReplicaSet replicas)
    {
        lock (_gate)
        {
            Volatile.Write(ref _set, replicas);
            DrainQueue();
        }
    }

    public async ValueTask<SlotGrant> AcquireAsync(int maxQueueWaitMs, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        Waiter waiter;
        lock (_gate)
        {
            var index = ChooseFree();
            switch (QueueAdmission.Decide(_set.Count, _queued, index >= 0, maxQueueWaitMs))
            {
                case Admission.Dispatch:
                    return new SlotGrant(Take(index), Admission.Dispatch, TimeSpan.Zero);
                case Admission.RejectNoReplicas:
                    return new SlotGrant(null, Admission.RejectNoReplicas, TimeSpan.Zero);
                case Admission.RejectOverloaded:
                    return new SlotGrant(null, Admission.RejectOverloaded, TimeSpan.Zero);
                default:
                    waiter = new Waiter();
                    _queue.Enqueue(waiter);
                    _queued++;
                    break;
            }
        }

        try
        {
            var replica = await waiter.Task.WaitAsync(TimeSpan.FromMilliseconds(maxQueueWaitMs), time, cancel);
            return new SlotGrant(replica, Admission.Enqueue, time.GetElapsedTime(started));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (waiter.Assigned is null)
                {
                    waiter.Abandoned = true;
                    _queued--;
                    if (e is OperationCanceledException)
                    {
                        throw;
                    }

                    return new SlotGrant(null, Admission.RejectOverloaded, time.GetElapsedTime(started));
                }
            }

            // A slot arrived at the same moment as the deadline: use it rather than waste it.
            return new SlotGrant(waiter.Assigned, Admission.Enqueue, time.GetElapsedTime(started));
        }
    }

    /// <summary>Gives back the slot taken on <paramref name="replica"/> and hands the freed capacity to the queue.</summary>
    public void Release(ReplicaState replica)
    {
        lock (_gate)
        {
            replica.InFlight--;
            DrainQueue();
        }
    }

    private void DrainQueue()
    {
        while (_queue.TryPeek(out var head))
        {
            if (head.Abandoned)
            {
                _queue.Dequeue();
                continue;
            }

            var index = ChooseFree();
            if (index < 0)
            {
                return;
            }

            _queue.Dequeue();
            _queued--;
            var replica = Take(index);
            head.Assigned = replica;
            head.SetResult(replica);
        }
    }

    /// <summary>Keeps new requests away from a replica that refused a connection, for <see cref="PassiveHealth.Ejection"/>.</summary>
    public void Eject(ReplicaState replica) =>
        replica.EjectedUntil = PassiveHealth.EjectedUntil(time.GetTimestamp(), time.TimestampFrequency);

    private int ChooseFree()
    {
        var replicas = _set.Replicas;
        var count = replicas.Count;
        Span<int> loads = count <= 64 ? stackalloc int[count] : new int[count];
        Span<bool> ejected = count <= 64 ? stackalloc bool[count] : new bool[count];
        var now = time.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            loads[i] = replicas[i].InFlight;
            ejected[i] = PassiveHealth.IsEjected(replicas[i].EjectedUntil, now);
        }

        return ReplicaBalancer.Choose(loads, ejected, _set.MaxConcurrentPerReplica, _cursor);
    }

    private ReplicaState Take(int index)
    {
        var replica = _set.Replicas[index];
        replica.InFlight++;
        _cursor = index + 1;
        return replica;
    }

    private sealed class Waiter() : TaskCompletionSource<ReplicaState>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ReplicaState? Assigned { get; set; }

        public bool Abandoned { get; set; }
    }
}
