using Berth.Services;

namespace Berth.Tests.Services;

public sealed class CrashLoopDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static IEnumerable<ReplicaEvent> FailedStart(string replica, int second, int exitCode = 3) =>
    [
        new(replica, ReplicaEventKind.Started, T0.AddSeconds(second)),
        new(replica, ReplicaEventKind.Exited, T0.AddSeconds(second + 1)) { ExitCode = exitCode },
    ];

    [Fact]
    public void Evaluate_ThreeInitFailuresInARow_IsCrashLoopBackOff()
    {
        var events = FailedStart("r1", 0).Concat(FailedStart("r1", 20)).Concat(FailedStart("r1", 50)).ToList();

        var status = new CrashLoopDetector().Evaluate(events);

        Assert.True(status.IsCrashLooping);
        Assert.Equal("r1", status.ReplicaId);
        Assert.Equal(3, status.ConsecutiveStartFailures);
        Assert.Equal("CrashLoopBackOff", status.StateDetail);
        Assert.All(status.Exits, e => Assert.Equal(3, e.ExitCode));
    }

    [Fact]
    public void Evaluate_TwoFailures_BelowThreshold_IsNotACrashLoop()
    {
        var status = new CrashLoopDetector().Evaluate(FailedStart("r1", 0).Concat(FailedStart("r1", 20)));

        Assert.False(status.IsCrashLooping);
        Assert.Equal(2, status.ConsecutiveStartFailures);
        Assert.Null(status.StateDetail);
    }

    [Fact]
    public void Evaluate_ReplicaBecameReadyInBetween_ResetsTheCount()
    {
        var events = FailedStart("r1", 0).Concat(FailedStart("r1", 20)).Concat(
        [
            new ReplicaEvent("r1", ReplicaEventKind.Started, T0.AddSeconds(40)),
            new ReplicaEvent("r1", ReplicaEventKind.Ready, T0.AddSeconds(41)),
            new ReplicaEvent("r1", ReplicaEventKind.Exited, T0.AddSeconds(400)) { ExitCode = 1 },
        ]).Concat(FailedStart("r1", 500));

        var status = new CrashLoopDetector().Evaluate(events);

        Assert.False(status.IsCrashLooping);
        Assert.Equal(1, status.ConsecutiveStartFailures);
    }

    [Fact]
    public void Evaluate_OomKillsAtStart_CountAsFailedStarts_AcrossUnorderedInput()
    {
        var events = FailedStart("r2", 0, 137).Concat(FailedStart("r2", 20, 137)).Concat(FailedStart("r1", 5)).Reverse();

        var status = new CrashLoopDetector(threshold: 2).Evaluate(events);

        Assert.True(status.IsCrashLooping);
        Assert.Equal("r2", status.ReplicaId);
    }

    [Fact]
    public void Evaluate_HealthyReplicas_IsNone()
    {
        var status = new CrashLoopDetector().Evaluate(
        [
            new ReplicaEvent("r1", ReplicaEventKind.Started, T0),
            new ReplicaEvent("r1", ReplicaEventKind.Ready, T0.AddSeconds(1)),
        ]);

        Assert.Same(CrashLoopStatus.None, status);
    }
}
