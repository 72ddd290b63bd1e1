using Berth.Services;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Tests.Services;

/// <summary>The supervisor's per-slot decisions, driven by a fake clock: probe, ready, exit with backoff, restart when due, memory kill.</summary>
public sealed class ReplicaRulesTests
{
    private const long MiB = 1024 * 1024;
    private static readonly RestartBackoffOptions Backoff = RestartBackoffOptions.Default;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private ReplicaSlotState Starting(int restarts = 0) => new(ReplicaPhase.Starting, restarts, _clock.GetUtcNow(), default);

    [Fact]
    public void StartingReplica_WithAnAddress_IsProbed_ButNotBeforeItPublishedOne()
    {
        Assert.False(ReplicaRules.ShouldProbe(Starting(), new ReplicaObservation { Running = true }));
        Assert.True(ReplicaRules.ShouldProbe(Starting(), new ReplicaObservation { Running = true, Url = "http://127.0.0.1:5001" }));
        Assert.False(ReplicaRules.ShouldProbe(Starting() with { Phase = ReplicaPhase.Ready }, new ReplicaObservation { Running = true, Url = "http://127.0.0.1:5001" }));
        Assert.False(ReplicaRules.ShouldProbe(Starting(), ReplicaObservation.Ended(1) with { Url = "http://127.0.0.1:5001" }));
    }

    [Fact]
    public void ProbeAnswered_BecomesReady_WithTheTimeInitTook()
    {
        var slot = Starting();
        _clock.Advance(TimeSpan.FromSeconds(4.5));

        var decision = ReplicaRules.Decide("r1", slot, new ReplicaObservation { Running = true, Url = "http://127.0.0.1:5001", Answers = true }, null, _clock.GetUtcNow(), Backoff);

        var ready = Assert.IsType<ReplicaDecision.BecomeReady>(decision);
        Assert.Equal("http://127.0.0.1:5001", ready.Url);
        Assert.Equal(TimeSpan.FromSeconds(4.5), ready.InitTook);
    }

    [Fact]
    public void ProbeNotAnswered_KeepsWaiting()
    {
        var decision = ReplicaRules.Decide("r1", Starting(), new ReplicaObservation { Running = true, Url = "http://127.0.0.1:5001", Answers = false }, null, _clock.GetUtcNow(), Backoff);

        Assert.IsType<ReplicaDecision.Keep>(decision);
    }

    [Fact]
    public void ReadyReplicaExits_LeavesTheFrontDoor_AndRestartsAfterTheBackoff()
    {
        var slot = Starting() with { Phase = ReplicaPhase.Ready };
        _clock.Advance(TimeSpan.FromSeconds(30));

        var exited = Assert.IsType<ReplicaDecision.Exited>(ReplicaRules.Decide("r1", slot, ReplicaObservation.Ended(137), null, _clock.GetUtcNow(), Backoff));

        Assert.True(exited.WasReady);
        Assert.Equal("SIGKILL", exited.Exit.Signal);
        Assert.False(exited.Exit.OomKilled);
        Assert.Equal(TimeSpan.FromSeconds(10), exited.Plan.Delay);
        var backOff = slot with { Phase = ReplicaPhase.BackOff, Restarts = exited.Plan.Restarts, RestartAt = exited.Plan.RestartAt };

        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.IsType<ReplicaDecision.Keep>(ReplicaRules.Decide("r1", backOff, new ReplicaObservation(), null, _clock.GetUtcNow(), Backoff));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.IsType<ReplicaDecision.Restart>(ReplicaRules.Decide("r1", backOff, new ReplicaObservation(), null, _clock.GetUtcNow(), Backoff));
    }

    [Fact]
    public void ReplicaCrashingAgain_WaitsLongerEachTime()
    {
        var delays = new List<double>();
        var slot = Starting();
        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            var exited = Assert.IsType<ReplicaDecision.Exited>(ReplicaRules.Decide("r1", slot, ReplicaObservation.Ended(1), null, _clock.GetUtcNow(), Backoff));
            delays.Add(exited.Plan.Delay.TotalSeconds);
            _clock.Advance(exited.Plan.Delay);
            slot = new ReplicaSlotState(ReplicaPhase.Starting, exited.Plan.Restarts, _clock.GetUtcNow(), default);
        }

        Assert.Equal([10, 20, 40, 80], delays);
    }

    [Fact]
    public void OverTheMemoryLimit_IsKilled_ThenItsExitIsReportedAsKilledByTheLimit()
    {
        var slot = Starting();
        var observation = new ReplicaObservation { Running = true, MemoryBytes = 300 * MiB };

        var kill = Assert.IsType<ReplicaDecision.KillForMemory>(ReplicaRules.Decide("r1", slot, observation, 0.25, _clock.GetUtcNow(), Backoff));
        Assert.Equal(300 * MiB, kill.UsedBytes);
        Assert.Equal(256 * MiB, kill.LimitBytes);

        var killed = slot with { KilledForMemoryBytes = kill.UsedBytes };
        Assert.IsType<ReplicaDecision.Keep>(ReplicaRules.Decide("r1", killed, observation, 0.25, _clock.GetUtcNow(), Backoff)); // killed once, not again
        var exited = Assert.IsType<ReplicaDecision.Exited>(ReplicaRules.Decide("r1", killed, ReplicaObservation.Ended(137), 0.25, _clock.GetUtcNow(), Backoff));
        Assert.True(exited.Exit.OomKilled);
        Assert.Equal(300 * MiB, exited.Exit.MemoryBytes);
    }

    [Fact]
    public void WithinTheMemoryLimit_OrWithoutOne_NothingIsKilled()
    {
        var observation = new ReplicaObservation { Running = true, MemoryBytes = 200 * MiB };

        Assert.IsType<ReplicaDecision.Keep>(ReplicaRules.Decide("r1", Starting(), observation, 0.25, _clock.GetUtcNow(), Backoff));
        Assert.IsType<ReplicaDecision.Keep>(ReplicaRules.Decide("r1", Starting(), observation with { MemoryBytes = 64_000 * MiB }, null, _clock.GetUtcNow(), Backoff));
    }

    [Fact]
    public void TargetReportedOomKill_IsCarriedIntoTheExit()
    {
        var exited = Assert.IsType<ReplicaDecision.Exited>(ReplicaRules.Decide("r1", Starting(), ReplicaObservation.Ended(137, oomKilled: true), 1, _clock.GetUtcNow(), Backoff));

        Assert.True(exited.Exit.OomKilled);
        Assert.False(exited.WasReady);
    }

    [Fact]
    public void StoppedSlot_IsNeverRestarted()
    {
        var stopped = new ReplicaSlotState(ReplicaPhase.Stopped, 0, _clock.GetUtcNow(), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.IsType<ReplicaDecision.Keep>(ReplicaRules.Decide("r1", stopped, ReplicaObservation.Ended(0), null, _clock.GetUtcNow(), Backoff));
    }
}
