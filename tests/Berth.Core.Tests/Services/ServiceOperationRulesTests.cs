using Berth.Services;

namespace Berth.Tests.Services;

public sealed class ServiceOperationRulesTests
{
    // Rows: operation; columns: Transitioning, Healthy, Unhealthy, Unschedulable, Failed, Deleting.
    public static TheoryData<ServiceOperation, string> Matrix => new()
    {
        { ServiceOperation.Run, "YYYNNN" },
        { ServiceOperation.Reload, "YYYNYN" },
        { ServiceOperation.Update, "YYYYYN" },
        { ServiceOperation.Delete, "YYYYYN" },
        { ServiceOperation.GetLogs, "YYYYYN" },
        { ServiceOperation.WaitForDeployment, "YYYYNN" },
        { ServiceOperation.Diagnose, "YYYYYY" },
        { ServiceOperation.GetKeys, "YYYYYN" },
        { ServiceOperation.RegenKey, "YYYYYN" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Check_EveryStateAndOperation_MatchesTheTable(ServiceOperation operation, string row)
    {
        var states = Enum.GetValues<ServiceState>();
        Assert.Equal(states.Length, row.Length);
        for (var i = 0; i < states.Length; i++)
        {
            var error = ServiceOperationRules.Check(states[i], operation);
            var allowed = row[i] == 'Y';
            Assert.True(allowed == (error is null), $"{operation} in {states[i]}: expected allowed={allowed}, got {error?.Message}");
            Assert.Equal(allowed, ServiceOperationRules.IsAllowed(states[i], operation));
            if (error is not null)
            {
                Assert.Equal(ServiceErrorCodes.WrongState, error.Code);
                Assert.Equal($"Cannot call {ServiceOperationRules.MethodName(operation)} when service is {states[i]}.", error.Message);
                Assert.False(string.IsNullOrWhiteSpace(error.Hint));
            }
        }
    }

    [Theory]
    [InlineData(ServiceOperation.Run, ServiceState.Failed, "Cannot call run() when service is Failed.")]
    [InlineData(ServiceOperation.Reload, ServiceState.Deleting, "Cannot call reload() when service is Deleting.")]
    [InlineData(ServiceOperation.GetLogs, ServiceState.Deleting, "Cannot call get_logs() when service is Deleting.")]
    [InlineData(ServiceOperation.WaitForDeployment, ServiceState.Failed, "Cannot call wait_for_deployment() when service is Failed.")]
    [InlineData(ServiceOperation.Reload, ServiceState.Unschedulable, "Cannot call reload() when service is Unschedulable.")]
    public void Check_ForbiddenOperation_GivesThePlatformsMessage(ServiceOperation operation, ServiceState state, string message)
    {
        var error = ServiceOperationRules.Check(state, operation, serviceName: "diabetes");

        Assert.NotNull(error);
        Assert.Equal("service.wrong_state", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Check_RunOnFailedService_HintNamesDiagnoseCommand()
    {
        var error = ServiceOperationRules.Check(ServiceState.Failed, ServiceOperation.Run, serviceName: "diabetes");

        Assert.NotNull(error);
        Assert.Contains("berth service diagnose diabetes", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReloadOnFailedLocalService_IsAllowedAsOnThePlatform()
    {
        Assert.Null(ServiceOperationRules.Check(ServiceState.Failed, ServiceOperation.Reload, ServiceTargetKind.Local));
    }

    [Fact]
    public void Check_ReloadOnKubernetes_IsNotSupported_ButContainersOnThisMachineReload()
    {
        var error = ServiceOperationRules.Check(ServiceState.Healthy, ServiceOperation.Reload, ServiceTargetKind.Kubernetes, "svc");

        Assert.NotNull(error);
        Assert.Equal("service.operation_not_supported", error.Code);
        Assert.Equal("reload() is only available for services on this machine (local, container); this service runs on the kubernetes target.", error.Message);
        Assert.Contains("update()", error.Hint, StringComparison.Ordinal);
        Assert.Null(ServiceOperationRules.Check(ServiceState.Healthy, ServiceOperation.Reload, ServiceTargetKind.Container, "svc"));
    }

    [Fact]
    public void Format_StateWithCrashLoopDetail_ShowsBoth()
    {
        Assert.Equal("Failed (CrashLoopBackOff)", ServiceStateDetails.Format(ServiceState.Failed, ServiceStateDetails.CrashLoopBackOff));
        Assert.Equal("Healthy", ServiceStateDetails.Format(ServiceState.Healthy, null));
    }
}
