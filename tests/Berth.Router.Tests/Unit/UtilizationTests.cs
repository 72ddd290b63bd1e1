using Berth.Router.Routing;

namespace Berth.Router.Tests.Unit;

public sealed class UtilizationTests
{
    [Theory]
    [InlineData(0, 0, 2, 1, 0.0)]
    [InlineData(1, 0, 2, 1, 0.5)]
    [InlineData(2, 1, 2, 1, 1.5)]
    [InlineData(4, 0, 2, 4, 0.5)]
    [InlineData(0, 3, 0, 1, 3.0)]
    [InlineData(7, 0, 10, 1, 0.7)]
    public void Compute_IsRunningPlusQueuedOverSlots(int busy, int queued, int replicas, int perReplica, double expected)
    {
        Assert.Equal(expected, Utilization.Compute(busy, queued, replicas, perReplica), precision: 9);
    }
}
