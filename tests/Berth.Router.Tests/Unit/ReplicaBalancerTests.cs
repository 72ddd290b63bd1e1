using Berth.Router.Routing;

namespace Berth.Router.Tests.Unit;

public sealed class ReplicaBalancerTests
{
    [Fact]
    public void Choose_LeastOutstandingWins()
    {
        Assert.Equal(2, ReplicaBalancer.Choose([3, 2, 1, 2], cap: 5, start: 0));
    }

    [Fact]
    public void Choose_TiesTakeTurnsFromTheCursor()
    {
        Assert.Equal(0, ReplicaBalancer.Choose([0, 0, 0], cap: 1, start: 0));
        Assert.Equal(1, ReplicaBalancer.Choose([0, 0, 0], cap: 1, start: 1));
        Assert.Equal(2, ReplicaBalancer.Choose([0, 0, 0], cap: 1, start: 2));
        Assert.Equal(0, ReplicaBalancer.Choose([0, 0, 0], cap: 1, start: 3));
    }

    [Fact]
    public void Choose_ReplicasAtTheCapAreSkipped()
    {
        Assert.Equal(2, ReplicaBalancer.Choose([2, 2, 1], cap: 2, start: 0));
    }

    [Fact]
    public void Choose_AllFullOrNoReplicas_MinusOne()
    {
        Assert.Equal(-1, ReplicaBalancer.Choose([1, 1], cap: 1, start: 0));
        Assert.Equal(-1, ReplicaBalancer.Choose([], cap: 1, start: 0));
    }

    [Fact]
    public void Choose_SequentialPicksWithCursorAdvance_RoundRobin()
    {
        var picks = new List<int>();
        var cursor = 0;
        for (var i = 0; i < 6; i++)
        {
            var pick = ReplicaBalancer.Choose([0, 0, 0], cap: 1, start: cursor);
            picks.Add(pick);
            cursor = pick + 1;
        }

        Assert.Equal([0, 1, 2, 0, 1, 2], picks);
    }

    [Fact]
    public void Choose_EjectedReplicasSkippedWhileAnotherIsHealthy()
    {
        Assert.Equal(1, ReplicaBalancer.Choose([0, 3], [true, false], cap: 5, start: 0));
        Assert.Equal(-1, ReplicaBalancer.Choose([0, 1], [true, false], cap: 1, start: 0));
        Assert.Equal(0, ReplicaBalancer.Choose([0, 1], [true, true], cap: 5, start: 0));
    }
}
