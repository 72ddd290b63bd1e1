using Berth.Api.V1;
using Berth.Router.Routing;

namespace Berth.Router.Tests.Unit;

public sealed class SlotSchedulerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Acquire_FullReplica_WaitersServedInArrivalOrder()
    {
        var scheduler = Scheduler(1, "r1");
        var first = await scheduler.AcquireAsync(10_000, CancellationToken.None).AsTask().WaitAsync(Limit);
        var second = scheduler.AcquireAsync(10_000, CancellationToken.None).AsTask();
        var third = scheduler.AcquireAsync(10_000, CancellationToken.None).AsTask();
        Assert.Equal(2, scheduler.Queued);

        scheduler.Release(first.Replica!);
        var secondGrant = await second.WaitAsync(Limit);
        Assert.False(third.IsCompleted);
        scheduler.Release(secondGrant.Replica!);
        var thirdGrant = await third.WaitAsync(Limit);

        Assert.Equal(Admission.Dispatch, first.Outcome);
        Assert.Equal(Admission.Enqueue, secondGrant.Outcome);
        Assert.Equal("r1", thirdGrant.Replica!.Id);
        Assert.Equal(0, scheduler.Queued);
    }

    [Fact]
    public async Task Acquire_NoSlotWithinMaxQueueWait_RejectedOverloaded()
    {
        var scheduler = Scheduler(1, "r1");
        await scheduler.AcquireAsync(10_000, CancellationToken.None).AsTask().WaitAsync(Limit);

        var grant = await scheduler.AcquireAsync(50, CancellationToken.None).AsTask().WaitAsync(Limit);

        Assert.False(grant.Granted);
        Assert.Equal(Admission.RejectOverloaded, grant.Outcome);
        Assert.Equal(0, scheduler.Queued);
    }

    [Fact]
    public async Task Swap_WaitersMoveToTheNewReplicas_RunningRequestsKeepTheOld()
    {
        var scheduler = Scheduler(1, "old");
        var running = await scheduler.AcquireAsync(10_000, CancellationToken.None).AsTask().WaitAsync(Limit);
        var waiting = scheduler.AcquireAsync(10_000, CancellationToken.None).AsTask();

        scheduler.Swap(ReplicaSet.Rebuild(scheduler.Current, [new ReplicaEndpoint("new", "http://127.0.0.1:2")], 1));
        var moved = await waiting.WaitAsync(Limit);
        scheduler.Release(running.Replica!);

        Assert.Equal("old", running.Replica!.Id);
        Assert.Equal("new", moved.Replica!.Id);
        Assert.Equal(0, running.Replica.InFlight);
    }

    [Fact]
    public void Rebuild_SameIdAndUrl_KeepsTheInFlightCount()
    {
        var set = ReplicaSet.Rebuild(ReplicaSet.Empty, [new ReplicaEndpoint("a", "http://127.0.0.1:1")], 1);
        set.Replicas[0].InFlight = 1;

        var next = ReplicaSet.Rebuild(set, [new ReplicaEndpoint("a", "http://127.0.0.1:1/"), new ReplicaEndpoint("b", "http://127.0.0.1:2")], 2);

        Assert.Same(set.Replicas[0], next.Replicas[0]);
        Assert.Equal(1, next.BusySlots());
        Assert.Equal(2, next.MaxConcurrentPerReplica);
    }

    [Fact]
    public async Task Acquire_NoReplicas_RejectedAtOnce()
    {
        var grant = await Scheduler(1).AcquireAsync(10_000, CancellationToken.None).AsTask().WaitAsync(Limit);
        Assert.Equal(Admission.RejectNoReplicas, grant.Outcome);
    }

    private static SlotScheduler Scheduler(int cap, params string[] ids)
    {
        var scheduler = new SlotScheduler(TimeProvider.System);
        scheduler.Swap(ReplicaSet.Rebuild(ReplicaSet.Empty, ids.Select((id, i) => new ReplicaEndpoint(id, $"http://127.0.0.1:{1000 + i}")).ToList(), cap));
        return scheduler;
    }
}
