using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

public sealed class DeploymentFailureTests
{
    [Fact]
    public void InitThatRaised_IsACertainFailure()
    {
        Assert.True(DeploymentFailure.IsCertain(Diagnose(For(LogSamples.InitKeyError, Started(0), Exited(1, 3)))));
    }

    [Fact]
    public void PickleWarningOnHealthyService_IsNotACertainFailure()
    {
        Assert.False(DeploymentFailure.IsCertain(Diagnose(For(LogSamples.InconsistentVersionWarning))));
    }

    [Fact]
    public void OomAlone_IsNotACertainFailure()
    {
        Assert.False(DeploymentFailure.IsCertain(Diagnose(For(LogSamples.OomLegacyBootLoop))));
    }
}
