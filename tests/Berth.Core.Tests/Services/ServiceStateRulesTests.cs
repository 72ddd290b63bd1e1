using Berth.Services;

namespace Berth.Tests.Services;

public sealed class ServiceStateRulesTests
{
    private static readonly CrashLoopStatus Looping = new(true, "replica-1", 3, []);

    [Theory]
    [InlineData(true, false, 1, 1, false, false, false, "Deleting")]
    [InlineData(false, true, 1, 0, false, false, true, "Unschedulable")]
    [InlineData(false, true, 1, 0, true, false, false, "Failed")]
    [InlineData(false, false, 1, 0, false, true, false, "Failed (CrashLoopBackOff)")]
    [InlineData(false, true, 1, 0, true, true, false, "Failed (CrashLoopBackOff)")]
    [InlineData(false, true, 1, 0, false, false, false, "Transitioning")]
    [InlineData(false, true, 2, 1, false, false, false, "Transitioning")]
    [InlineData(false, true, 2, 2, false, false, false, "Healthy")]
    [InlineData(false, false, 2, 1, false, false, false, "Healthy (1/2 replicas ready)")]
    [InlineData(false, false, 2, 1, false, true, false, "Healthy (CrashLoopBackOff, 1/2 replicas ready)")]
    [InlineData(false, false, 1, 0, false, false, false, "Unhealthy")]
    public void Derive_GivesTheStateAndDetail(
        bool deleting, bool inProgress, int desired, int ready, bool certain, bool looping, bool unschedulable, string expected)
    {
        var status = ServiceStateRules.Derive(new ServiceStateInput
        {
            DeleteRequested = deleting,
            OperationInProgress = inProgress,
            DesiredReplicas = desired,
            ReadyReplicas = ready,
            StartFailureCertain = certain,
            CrashLoop = looping ? Looping : CrashLoopStatus.None,
            Unschedulable = unschedulable,
        });

        Assert.Equal(expected, status.ToString());
    }
}
