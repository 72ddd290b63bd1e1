using Berth.Diagnosis;
using Berth.Server.Services;
using Berth.Server.Tests.Infrastructure;
using Berth.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.Services;

/// <summary>An operation's lifecycle: cancelled by its service's delete and by the server's stop, awaited, and never writing a deleted service back.</summary>
public sealed class ServiceOperationsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Delete_CancelsTheRunningOperation_WhichThenReleasesTheServicesLock()
    {
        using var operations = new ServiceOperations(TimeProvider.System, NullLogger<ServiceOperations>.Instance);
        var service = _workspace.NewService("svc", TimeProvider.System);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ServiceOperations.EnterAsync(service, CancellationToken.None);
        var operation = operations.Start(service, "deploy", async ct =>
        {
            started.SetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
        });
        await started.Task.WaitAsync(Timeout);
        var lockedWhileRunning = service.OperationRunning;

        service.RequestDelete();

        Assert.True(await service.Operation.WaitAsync(Timeout));
        await operation.WaitAsync(Timeout);
        Assert.True(lockedWhileRunning);
        Assert.True(operation.IsCompletedSuccessfully);
        Assert.NotEqual(ServiceState.Failed, service.Record.State); // a cancelled operation of a deleted service reports nothing
    }

    [Fact]
    public async Task DeletedService_IsNeverWrittenBack_WhateverItsOperationDoesAfterwards()
    {
        using var operations = new ServiceOperations(TimeProvider.System, NullLogger<ServiceOperations>.Instance);
        var service = _workspace.NewService("svc", TimeProvider.System);
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ServiceOperations.EnterAsync(service, CancellationToken.None);
        var operation = operations.Start(service, "deploy", async _ =>
        {
            // A rollout that does not look at its token: it goes on after the delete and fails the way the old one did.
            await deleted.Task;
            service.ReplaceSlots([new ReplicaSlot("g1-r1", Path.Combine(service.Directory, "gen-1", "replica-1"))]);
            throw new InvalidOperationException("the replicas did not become ready");
        });

        service.MarkDeleted();
        _workspace.Store.Delete("svc");
        Directory.Delete(service.Directory, recursive: true);
        deleted.SetResult();
        await operation.WaitAsync(Timeout);

        Assert.Empty(_workspace.Store.All());
        Assert.False(Directory.Exists(service.Directory));
    }

    [Fact]
    public async Task ServerStop_CancelsTheRunningOperations_AndAwaitsTheirCleanup()
    {
        using var operations = new ServiceOperations(TimeProvider.System, NullLogger<ServiceOperations>.Instance);
        var service = _workspace.NewService("svc", TimeProvider.System);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cleanedUp = false;
        await ServiceOperations.EnterAsync(service, CancellationToken.None);
        _ = operations.Start(service, "deploy", async ct =>
        {
            try
            {
                started.SetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            }
            finally
            {
                await Task.Yield(); // stopping the replicas it started
                cleanedUp = true;
            }
        });
        await started.Task.WaitAsync(Timeout);

        await operations.StopAsync(Timeout).WaitAsync(Timeout);

        Assert.True(cleanedUp);
        Assert.Equal(ServiceState.Failed, service.Record.State);
        Assert.Equal("deploy_interrupted", service.Record.LastError?.Code);
        Assert.Equal(ServiceState.Failed, Assert.Single(_workspace.Store.All()).State);
    }

    [Fact]
    public async Task ServerStop_WithAnOperationThatIgnoresCancellation_WaitsOnlyAsLongAsTheClockAllows()
    {
        var clock = new FakeTimeProvider();
        using var operations = new ServiceOperations(clock, NullLogger<ServiceOperations>.Instance);
        var service = _workspace.NewService("svc", clock);
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ServiceOperations.EnterAsync(service, CancellationToken.None);
        var operation = operations.Start(service, "deploy", _ => stuck.Task);

        var stopping = operations.StopAsync(TimeSpan.FromSeconds(20));
        clock.Advance(TimeSpan.FromSeconds(19));
        var stoppedEarly = stopping.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(2));
        await stopping.WaitAsync(Timeout);

        Assert.False(stoppedEarly);
        Assert.False(operation.IsCompleted);
        stuck.SetResult();
        await operation.WaitAsync(Timeout);
    }

    [Fact]
    public async Task OperationThatBerthItselfBreaks_LeavesTheServiceFailed_AndTheDiagnosisSaysInternalError()
    {
        using var operations = new ServiceOperations(TimeProvider.System, NullLogger<ServiceOperations>.Instance);
        var service = _workspace.NewService("svc", TimeProvider.System);
        await ServiceOperations.EnterAsync(service, CancellationToken.None);

        await operations.Start(service, "deploy", _ => throw new FormatException("The input string '' was not in a correct format.")).WaitAsync(Timeout);
        var causes = DiagnosisEngine.Default.Diagnose(new EvidenceCollector(TimeProvider.System).Collect(service, null));

        var record = Assert.Single(_workspace.Store.All());
        Assert.Equal(ServiceState.Failed, record.State);
        Assert.Equal(DiagnosisCodes.InternalError, record.LastError?.Code);
        Assert.Equal("The input string '' was not in a correct format.", record.InternalFailure?.Message);
        var cause = causes[0];
        Assert.Equal(DiagnosisCodes.InternalError, cause.Code);
        Assert.Contains("System.FormatException: The input string '' was not in a correct format.", string.Join('\n', cause.Evidence), StringComparison.Ordinal);
        Assert.StartsWith("This is a bug in Berth; report it with the server log around ", cause.Remedy, StringComparison.Ordinal);
        Assert.False(service.OperationRunning);
    }
}
