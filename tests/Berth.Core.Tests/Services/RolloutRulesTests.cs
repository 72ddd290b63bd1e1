using Berth.Diagnosis;
using Berth.Services;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Tests.Services;

/// <summary>When a rollout ends: ready, failed at once only for a certain cause, failed on a crash loop, else at its deadline.</summary>
public sealed class RolloutRulesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private RolloutInput Input(int ready = 0, bool certain = false, CrashLoopStatus? loop = null) => new()
    {
        Desired = 2, Ready = ready, FailureCertain = certain, CrashLoop = loop ?? CrashLoopStatus.None,
        Now = _clock.GetUtcNow(), Deadline = _clock.GetUtcNow() + TimeSpan.FromSeconds(120),
    };

    [Fact]
    public void AllReplicasReady_IsReady_PartlyReady_Waits()
    {
        Assert.Equal(RolloutVerdict.Ready, RolloutRules.Decide(Input(ready: 2)));
        Assert.Equal(RolloutVerdict.Waiting, RolloutRules.Decide(Input(ready: 1)));
    }

    [Fact]
    public void InitRaised_FailsAtOnce()
    {
        var diagnoses = new[] { new ServiceDiagnosis(DiagnosisCodes.InitFailed, "init() raised", [], "fix it", DiagnosisSeverity.Error) };

        Assert.Equal(RolloutVerdict.FailedCertain, RolloutRules.Decide(Input(certain: DeploymentFailure.IsCertain(diagnoses))));
    }

    [Fact]
    public void Unschedulable_WaitsPastTheReadyDeadline_UntilTheSchedulingTimeout_ThenFailsCertain()
    {
        var pastDeadline = Input() with { Now = _clock.GetUtcNow() + TimeSpan.FromSeconds(200), SchedulingTimeout = TimeSpan.FromMinutes(5) };

        Assert.Equal(RolloutVerdict.Waiting, RolloutRules.Decide(pastDeadline with { UnschedulableFor = TimeSpan.FromSeconds(299) }));
        Assert.Equal(RolloutVerdict.FailedCertain, RolloutRules.Decide(pastDeadline with { UnschedulableFor = TimeSpan.FromMinutes(5) }));
        Assert.Equal(RolloutVerdict.TimedOut, RolloutRules.Decide(pastDeadline));
    }

    [Fact]
    public void WorkersKilledForMemoryWhileStarting_WaitBelowTheLoop_AndCrashLoopAtIt()
    {
        Assert.Equal(RolloutVerdict.Waiting, RolloutRules.Decide(Input() with { WorkerOomKills = RolloutRules.WorkerOomLoop - 1 }));
        Assert.Equal(RolloutVerdict.CrashLooping, RolloutRules.Decide(Input() with { WorkerOomKills = RolloutRules.WorkerOomLoop }));
        Assert.Equal(RolloutVerdict.Ready, RolloutRules.Decide(Input(ready: 2) with { WorkerOomKills = RolloutRules.WorkerOomLoop }));
    }

    [Fact]
    public void OomKilledWhileStarting_IsNotCertain_SoTheRolloutWaitsForTheRestart()
    {
        var diagnoses = new[] { new ServiceDiagnosis(DiagnosisCodes.Oom, "out of memory", [], "raise memoryInGB", DiagnosisSeverity.Error) };

        Assert.Equal(RolloutVerdict.Waiting, RolloutRules.Decide(Input(certain: DeploymentFailure.IsCertain(diagnoses))));
    }

    [Fact]
    public void RepeatedStartFailures_AreACrashLoop()
    {
        var t = _clock.GetUtcNow();
        var events = Enumerable.Range(0, 3).SelectMany(i => new[]
        {
            new ReplicaEvent("r1", ReplicaEventKind.Started, t.AddSeconds(i * 20)),
            new ReplicaEvent("r1", ReplicaEventKind.Exited, t.AddSeconds((i * 20) + 5)) { ExitCode = 137, OomKilled = true },
        });

        Assert.Equal(RolloutVerdict.CrashLooping, RolloutRules.Decide(Input(loop: new CrashLoopDetector().Evaluate(events))));
    }

    [Fact]
    public void NoReadinessBeforeTheDeadline_TimesOut()
    {
        var input = Input(ready: 1);
        _clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(RolloutVerdict.Waiting, RolloutRules.Decide(input with { Now = _clock.GetUtcNow() }));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RolloutVerdict.TimedOut, RolloutRules.Decide(input with { Now = _clock.GetUtcNow() }));
    }

    [Fact]
    public void ReadyAtTheDeadline_IsStillReady()
    {
        _clock.Advance(TimeSpan.FromSeconds(500));

        Assert.Equal(RolloutVerdict.Ready, RolloutRules.Decide(Input(ready: 2) with { Deadline = _clock.GetUtcNow().AddSeconds(-1) }));
    }
}
