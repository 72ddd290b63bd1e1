using Berth.Router.Routing;

namespace Berth.Router.Tests.Unit;

public sealed class PassiveHealthTests
{
    [Fact]
    public void Ejection_LastsFiveSecondsOfTimestamps()
    {
        var until = PassiveHealth.EjectedUntil(now: 1_000, frequency: 1_000);
        Assert.True(PassiveHealth.IsEjected(until, 5_999));
        Assert.False(PassiveHealth.IsEjected(until, 6_000));
        Assert.False(PassiveHealth.IsEjected(0, 1));
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(1, 1, false)]
    [InlineData(2, 3, false)]
    public void ShouldRetry_OnceAndOnlyWithAnotherReplica(int attempt, int replicas, bool expected)
    {
        Assert.Equal(expected, PassiveHealth.ShouldRetry(attempt, replicas));
    }
}
