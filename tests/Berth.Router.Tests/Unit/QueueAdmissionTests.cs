using Berth.Router.Routing;

namespace Berth.Router.Tests.Unit;

public sealed class QueueAdmissionTests
{
    [Theory]
    [InlineData(0, 0, false, 500, "RejectNoReplicas")]
    [InlineData(0, 3, true, 500, "RejectNoReplicas")]
    [InlineData(2, 0, true, 500, "Dispatch")]
    [InlineData(2, 1, true, 500, "Enqueue")]
    [InlineData(2, 0, false, 500, "Enqueue")]
    [InlineData(2, 0, false, 0, "RejectOverloaded")]
    [InlineData(2, 0, true, 0, "Dispatch")]
    public void Decide(int replicas, int queued, bool slotFree, int maxQueueWaitMs, string expected)
    {
        Assert.Equal(Enum.Parse<Admission>(expected), QueueAdmission.Decide(replicas, queued, slotFree, maxQueueWaitMs));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(500, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(5000, 5)]
    public void RetryAfterSeconds_IsTheQueueWaitRoundedUpAndAtLeastOne(int maxQueueWaitMs, int expected)
    {
        Assert.Equal(expected, QueueAdmission.RetryAfterSeconds(maxQueueWaitMs));
    }
}
