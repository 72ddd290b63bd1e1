using Berth.Configuration;
using Berth.Services.Autoscaling;

namespace Berth.Tests.Services.Autoscaling;

/// <summary>
/// The autoscaler's decision over synthetic load and a fake clock: eager up in one step, conservative down after a whole
/// window, the bounds, the refresh period, and starting replicas counted once.
/// </summary>
public sealed class AutoscaleRulesTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private static AutoscaleSettings Settings(int min = 1, int max = 10, int refresh = 1, int target = 70) => new(true, min, max, refresh, target);

    [Fact]
    public void StepTo40Clients_OnOneReplica_GoesToMaxEightInOneDecision_WithinOneRefreshPeriod()
    {
        var service = new AutoscaleDriver(Settings(max: 8), ready: 1);
        service.Hold(0.5, TimeSpan.FromSeconds(5));
        var stepAt = service.Clock.GetUtcNow();

        var first = service.Tick(40);
        service.Hold(40, TimeSpan.FromSeconds(10));

        Assert.Equal([(stepAt + service.Period, 8)], service.Changes);
        Assert.Equal("utilization 40.00 over 1 replica > 0.70: scaling to 8 (needs 58; maxReplicas 8)", first.Event);
        Assert.True(first.AtMaximum);
    }

    [Fact]
    public void StepFrom5To40Clients_SizesToTheNeedInOneStep_NotOneReplicaAtATime()
    {
        var service = new AutoscaleDriver(Settings(max: 100), ready: 8);
        var steady = service.Hold(5, TimeSpan.FromSeconds(5));

        var step = service.Tick(40);

        Assert.All(steady, d => Assert.False(d.Changed));
        Assert.Equal(58, step.Desired);
        Assert.Equal("utilization 5.00 over 8 replicas > 0.70: scaling to 58", step.Event);
        Assert.Single(service.Changes);
    }

    [Fact]
    public void Spike_IsAnsweredAtOnce_AndItsReplicasAreKeptForTheWholeWindow_ThenRemovedInOneStep()
    {
        var service = new AutoscaleDriver(Settings(), ready: 2);
        service.Hold(1, TimeSpan.FromSeconds(5));
        var spike = service.Tick(12);
        var spikeAt = service.Clock.GetUtcNow();

        service.Hold(1, Minute);

        Assert.Equal(10, spike.Desired);
        Assert.Equal([(spikeAt, 10), (spikeAt + Minute, 2)], service.Changes);
    }

    [Fact]
    public void SlowRamp_AddsReplicasAsTheNeedGrows_WithinOnePeriod_NeverRemovingAny()
    {
        var service = new AutoscaleDriver(Settings(), ready: 1);
        var previous = 1;
        for (var load = 0.1; load <= 6.3; load += 0.1)
        {
            service.Tick(load);

            Assert.True(service.Ready >= Math.Ceiling((load / 0.7) - 1e-9), $"{service.Ready} replicas for {load:0.0} requests");
            Assert.True(service.Ready >= previous, $"went down from {previous} to {service.Ready} at {load:0.0} requests");
            previous = service.Ready;
        }

        Assert.Equal(9, service.Ready);
        Assert.True(service.Changes.Count > 3, "the ramp is followed in several steps");
    }

    [Fact]
    public void FlappingLoad_EveryFiveSeconds_ScalesUpOnce_AndDownOnlyWhenItStopsForAWholeWindow()
    {
        var service = new AutoscaleDriver(Settings(), ready: 2);
        for (var cycle = 0; cycle < 30; cycle++)
        {
            service.Hold(4, TimeSpan.FromSeconds(5));
            service.Hold(1, TimeSpan.FromSeconds(5));
        }

        Assert.Equal([6], service.Changes.Select(c => c.Replicas));

        service.Hold(1, Minute);

        Assert.Equal([6, 2], service.Changes.Select(c => c.Replicas));
    }

    [Fact]
    public void Bounds_BelowMinimumScalesUpToIt_IdleNeverGoesBelowIt_LoadStopsAtMaximum()
    {
        var service = new AutoscaleDriver(Settings(min: 2, max: 4), ready: 1);

        var first = service.Tick(0);
        service.Hold(0, TimeSpan.FromMinutes(3));
        var loaded = service.Tick(10);

        Assert.Equal("below minReplicas 2: scaling to 2", first.Event);
        Assert.Equal([2, 4], service.Changes.Select(c => c.Replicas));
        Assert.Equal(4, loaded.Desired);
        Assert.Equal(15, loaded.Needed);
    }

    [Fact]
    public void AtMaximum_IsFlaggedWhileTheNeedExceedsMaxReplicas_WithOneEvent_AndClearedWhenItFits()
    {
        var service = new AutoscaleDriver(Settings(max: 4), ready: 4);

        var reached = service.Tick(10);
        var still = service.Tick(10);
        var fits = service.Tick(2);

        Assert.True(reached.AtMaximum);
        Assert.False(reached.Changed);
        Assert.Equal("utilization 2.50 over 4 replicas needs 15 replicas: at maxReplicas 4", reached.Event);
        Assert.True(still.AtMaximum);
        Assert.Null(still.Event);
        Assert.False(fits.AtMaximum);
    }

    [Fact]
    public void ScaleDown_OnlyAfterSixtySecondsOfLowerNeed_ToTheHighestNeedOfTheWindow()
    {
        var service = new AutoscaleDriver(Settings(), ready: 6);
        var start = service.Clock.GetUtcNow() + service.Period;
        service.Hold(1, TimeSpan.FromSeconds(30));
        service.Tick(2);
        service.Hold(1, TimeSpan.FromSeconds(29));
        Assert.Empty(service.Changes);

        var down = service.Tick(1);
        service.Hold(1, TimeSpan.FromSeconds(30));

        Assert.Equal([(start + Minute, 3), (start + TimeSpan.FromSeconds(90), 2)], service.Changes);
        Assert.Equal("the highest need over the last 60 s is 3 replicas (utilization 0.17 over 6 replicas now): scaling to 3", down.Event);
    }

    [Fact]
    public void ScaleDown_NeverWhileTheLoadStillNeedsTheReplicas_EvenExactlyAtTheTarget()
    {
        var service = new AutoscaleDriver(Settings(), ready: 6);

        var decisions = service.Hold(4.2, TimeSpan.FromMinutes(5));

        Assert.Empty(service.Changes);
        Assert.All(decisions, d => Assert.Equal(6, d.Needed));
    }

    [Fact]
    public void StartingReplicas_AreNotCountedTwice_WhileTheyBoot()
    {
        var service = new AutoscaleDriver(Settings(), ready: 2, bootInstantly: false);

        var up = service.Tick(3.6);
        var booting = service.Hold(3.6, TimeSpan.FromSeconds(10));
        service.BootAll();
        var booted = service.Hold(3.6, TimeSpan.FromSeconds(5));

        Assert.Equal("utilization 1.80 over 2 replicas > 0.70: scaling to 6", up.Event);
        Assert.All(booting, d => Assert.Equal(6, d.Desired));
        Assert.Equal([6], service.Changes.Select(c => c.Replicas));
        Assert.Equal((6, 0), (service.Ready, service.Starting));
        Assert.All(booted, d => Assert.False(d.Changed));
    }

    [Fact]
    public void RefreshPeriod_AllowsOneChangePerPeriod_ATickSlightlyEarlyCountingAsWhole()
    {
        var service = new AutoscaleDriver(Settings(refresh: 5), ready: 1);

        var up = service.Tick(2);
        var soon = service.Tick(6, TimeSpan.FromSeconds(1));
        var early = service.Tick(6, TimeSpan.FromSeconds(3.6));

        Assert.Equal(3, up.Desired);
        Assert.Equal((3, false), (soon.Desired, soon.Changed));
        Assert.Equal((9, true), (early.Desired, early.Changed));
    }

    [Fact]
    public void GapInEvaluations_StartsTheScaleDownWindowAgain()
    {
        var service = new AutoscaleDriver(Settings(), ready: 6);
        service.Hold(1, TimeSpan.FromSeconds(30));

        service.Tick(1, TimeSpan.FromMinutes(2));
        service.Hold(1, TimeSpan.FromSeconds(59));
        Assert.Empty(service.Changes);

        service.Tick(1);
        Assert.Equal([2], service.Changes.Select(c => c.Replicas));
    }

    [Fact]
    public void StaleSample_IsNotActedOn()
    {
        var now = AutoscaleDriver.T0;
        var sample = new AutoscaleSample(now - TimeSpan.FromSeconds(30), 5, 1, 1, 250);

        var decision = AutoscaleRules.Decide(Settings(), new AutoscaleReplicas(1, 0), sample, AutoscaleState.Initial, now);

        Assert.Equal((1, false, null), (decision.Desired, decision.Changed, decision.Event));
    }

    [Theory]
    [InlineData(20, 0.15, 70, 1, 5)]
    [InlineData(250, 0.02, 70, 1, 8)]
    [InlineData(35, 0.02, 70, 1, 1)]
    [InlineData(100, 1.0, 50, 4, 50)]
    [InlineData(0, 0.02, 70, 1, 1)]
    public void ReplicaSizing_IsTheR13Formula(double rps, double seconds, int target, int perContainer, int replicas)
    {
        Assert.Equal(replicas, ReplicaSizing.ForRate(rps, seconds, target, perContainer));
    }
}
