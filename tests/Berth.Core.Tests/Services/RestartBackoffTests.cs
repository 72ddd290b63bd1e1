using Berth.Services;

namespace Berth.Tests.Services;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DelayFor_SuccessiveRestarts_Doubles_From10sTo300sCap()
    {
        var delays = Enumerable.Range(0, 7).Select(n => RestartBackoff.DelayFor(n).TotalSeconds).ToArray();

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], delays);
    }

    [Fact]
    public void DelayFor_HugeRestartCount_StaysAtCap()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), RestartBackoff.DelayFor(int.MaxValue));
    }

    [Fact]
    public void Next_ReplicaCrashingAtStart_FollowsTheSequence()
    {
        var restarts = 0;
        var started = T0;
        var seen = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var exited = started + TimeSpan.FromSeconds(2);
            var plan = RestartBackoff.Next(restarts, started, exited);
            seen.Add(plan.Delay.TotalSeconds);
            Assert.Equal(exited + plan.Delay, plan.RestartAt);
            restarts = plan.Restarts;
            started = plan.RestartAt;
        }

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], seen);
        Assert.Equal(7, restarts);
    }

    [Fact]
    public void Next_ReplicaThatRanTenMinutes_ResetsTo10s()
    {
        var plan = RestartBackoff.Next(6, T0, T0 + TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromSeconds(10), plan.Delay);
        Assert.Equal(1, plan.Restarts);
    }

    [Fact]
    public void Next_ReplicaThatRanJustUnderTenMinutes_KeepsBackingOff()
    {
        var plan = RestartBackoff.Next(6, T0, T0 + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMinutes(5), plan.Delay);
        Assert.Equal(7, plan.Restarts);
    }

    [Fact]
    public void RemainingAt_ReadsTheClock_NeverNegative()
    {
        var plan = RestartBackoff.Next(2, T0, T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(30), plan.RemainingAt(T0 + TimeSpan.FromSeconds(11)));
        Assert.Equal(TimeSpan.Zero, plan.RemainingAt(T0 + TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Next_CustomOptions_AreHonoured()
    {
        var options = new RestartBackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));

        Assert.Equal([1, 2, 3, 3], Enumerable.Range(0, 4).Select(n => RestartBackoff.DelayFor(n, options).TotalSeconds).ToArray());
    }
}
