using Berth.Services;

namespace Berth.Tests.Services;

public sealed class ServiceOperationConcurrencyTests
{
    [Fact]
    public void CheckConcurrent_UpdateDuringReload_IsATransientConflict()
    {
        var error = ServiceOperationRules.CheckConcurrent(ServiceOperation.Reload, ServiceOperation.Update, "diabetes");

        Assert.NotNull(error);
        Assert.Equal("service.operation_in_progress", error.Code);
        Assert.Equal("Cannot call update() while reload() is in progress.", error.Message);
        Assert.Equal("Wait for it to finish (`berth service wait diabetes`), then try again.", error.Hint);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData(ServiceOperation.Run)]
    [InlineData(ServiceOperation.GetLogs)]
    [InlineData(ServiceOperation.WaitForDeployment)]
    [InlineData(ServiceOperation.Diagnose)]
    [InlineData(ServiceOperation.GetKeys)]
    public void CheckConcurrent_ReadingDuringUpdate_IsAllowed(ServiceOperation requested)
    {
        Assert.Null(ServiceOperationRules.CheckConcurrent(ServiceOperation.Update, requested));
    }

    [Fact]
    public void CheckConcurrent_NothingRunning_IsAllowed()
    {
        Assert.Null(ServiceOperationRules.CheckConcurrent(null, ServiceOperation.Delete));
    }
}
