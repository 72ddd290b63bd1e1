using Berth.Services;

namespace Berth.Tests.Services;

/// <summary>How many replicas the local target holds: the machine's memory and cores against each replica's size and workers.</summary>
public sealed class LocalCapacityTests
{
    private const long GiB = 1L << 30;
    private static readonly MachineFacts TwoCores24GiB = new(24 * GiB, 2);

    [Fact]
    public void HundredThousandReplicas_OnTwoCores_AreRefused_BoundByTheCores()
    {
        var verdict = LocalCapacity.Evaluate(TwoCores24GiB, new ReplicaDemand(100_000, null, 1));

        Assert.False(verdict.Fits);
        Assert.Equal(32, verdict.MaxReplicas);
        Assert.StartsWith("the cores bound it: 2 core(s) x 16 workers / 1 worker(s) per replica = 32", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryInGB_BoundsTheCount_WhenItIsTheSmallerLimit()
    {
        var verdict = LocalCapacity.Evaluate(TwoCores24GiB, new ReplicaDemand(20, 2, 1));

        // 24 GiB x 0.8 = 19.2 GiB, at 2 GiB per replica: 9 replicas.
        Assert.False(verdict.Fits);
        Assert.Equal(9, verdict.MaxReplicas);
        Assert.Equal("the memory bounds it: 24576 MiB available x 0.8 / memoryInGB 2 per replica = 9 (the cores would allow 32)", verdict.Reason);
    }

    [Fact]
    public void WithoutMemoryInGB_ATypicalReplicaSize_GrowingWithItsWorkers_IsAssumed()
    {
        var small = new MachineFacts(2 * GiB, 64);

        var one = LocalCapacity.Evaluate(small, new ReplicaDemand(1, null, 1));
        var four = LocalCapacity.Evaluate(small, new ReplicaDemand(1, null, 4));

        // 2 GiB x 0.8 = 1638 MiB; a replica is 64 MiB + 128 MiB per worker.
        Assert.Equal(8, one.MaxReplicas);
        Assert.Equal(2, four.MaxReplicas);
        Assert.Contains("a typical replica's 576 MiB (4 worker(s); set memoryInGB to state yours)", four.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AskingExactlyWhatFits_Fits()
    {
        Assert.True(LocalCapacity.Evaluate(TwoCores24GiB, new ReplicaDemand(32, null, 1)).Fits);
        Assert.False(LocalCapacity.Evaluate(TwoCores24GiB, new ReplicaDemand(33, null, 1)).Fits);
    }

    [Fact]
    public void MoreWorkersPerReplica_LeaveRoomForFewerReplicas()
    {
        var verdict = LocalCapacity.Evaluate(TwoCores24GiB, new ReplicaDemand(4, null, 8));

        Assert.True(verdict.Fits);
        Assert.Equal(4, verdict.MaxReplicas);
    }
}
