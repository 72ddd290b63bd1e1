using Berth.Scoring.Hosting;

namespace Berth.Scoring.Tests.Unit;

public sealed class SlotQueueTests
{
    private static SlotQueue Ready(int slots, int maxQueue, int waitMs)
    {
        var queue = new SlotQueue(slots, maxQueue, TimeSpan.FromMilliseconds(waitMs), TimeProvider.System);
        for (var i = 0; i < slots; i++) queue.Release(i);
        return queue;
    }

    [Fact]
    public async Task FullQueue_IsRefusedAtOnce()
    {
        var queue = Ready(1, 0, 10_000);
        Assert.Equal(0, await queue.AcquireAsync(CancellationToken.None));
        Assert.Equal(SlotQueue.QueueFull, await queue.AcquireAsync(CancellationToken.None));
        Assert.Equal(1, queue.Busy);
    }

    [Fact]
    public async Task Waiter_GetsTheReleasedSlot()
    {
        var queue = Ready(1, 1, 10_000);
        var slot = await queue.AcquireAsync(CancellationToken.None);
        var waiting = queue.AcquireAsync(CancellationToken.None).AsTask();
        Assert.Equal(1, queue.Waiting);
        queue.Release(slot);
        Assert.Equal(slot, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public async Task WaitPastTheLimit_TimesOut()
    {
        var queue = Ready(1, 5, 50);
        await queue.AcquireAsync(CancellationToken.None);
        Assert.Equal(SlotQueue.WaitTimedOut, await queue.AcquireAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
