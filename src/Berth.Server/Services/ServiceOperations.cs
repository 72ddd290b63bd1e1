using System.Collections.Concurrent;
using Berth.Api.V1;
using Berth.Diagnosis;
using Berth.Errors;
using Berth.Services;

namespace Berth.Server.Services;

/// <summary>
/// The lifecycle of every operation (deploy, update, reload): each runs in the background under a cancellation source
/// of its own, linked to its service's delete and to the server's stop; it holds the service's operation lock until it
/// ends; and the server's stop cancels and awaits them all (bounded). An operation that Berth itself breaks leaves the
/// service Failed with an <see cref="InternalFailure"/>, which the diagnosis reports as <c>internal_error</c>.
/// </summary>
internal sealed class ServiceOperations(TimeProvider time, ILogger<ServiceOperations> logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, ServiceRuntime> _running = new();

    /// <summary>How many operations are running (tests).</summary>
    public int Count => _running.Count;

    /// <summary>Takes the service's operation lock, or refuses with <c>service.busy</c> while another operation holds it.</summary>
    public static async Task EnterAsync(ServiceRuntime service, CancellationToken cancellationToken)
    {
        if (!await service.Operation.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new BerthException("service.busy", $"another operation on service {service.Name} is in progress", $"wait for it to finish: `berth service wait {service.Name}`");
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> in the background. The caller holds the service's operation lock; it is
    /// released when the operation ends, however it ends.
    /// </summary>
    public Task Start(ServiceRuntime service, string name, Func<CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(operation);
        service.Update(r => r with { InternalFailure = null });
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(service.DeleteRequested, _stopping.Token);
        var task = Task.Run(() => RunAsync(service, name, operation, cancel), CancellationToken.None);
        _running[task] = service;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Cancels every operation and waits up to <paramref name="wait"/> for them to end.</summary>
    public async Task StopAsync(TimeSpan wait)
    {
        var running = _running.Keys.ToList();
        var ended = Task.WhenAll(running).WaitAsync(wait, time); // the clock starts before the cancellation callbacks run
        _stopping.Cancel();
        try
        {
            await ended;
        }
        catch (TimeoutException)
        {
            ServerLog.OperationsOutlivedStop(logger, running.Count(t => !t.IsCompleted), wait.TotalSeconds);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>What an operation's exception becomes: its type, message and the innermost frames, as the server log shows them.</summary>
    internal static InternalFailure Describe(string operation, Exception exception, DateTimeOffset at)
    {
        var inner = exception.GetBaseException();
        var excerpt = new List<string> { $"{inner.GetType().FullName}: {inner.Message}" };
        excerpt.AddRange((inner.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(6));
        return new InternalFailure(operation, inner.Message, excerpt, at);
    }

    private async Task RunAsync(ServiceRuntime service, string name, Func<CancellationToken, Task> operation, CancellationTokenSource cancel)
    {
        try
        {
            await operation(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            if (!service.DeleteRequested.IsCancellationRequested)
            {
                Interrupted(service, name);
            }
        }
        catch (BerthException e) when (e.Code != ErrorCodes.Internal)
        {
            // A user's error found during the rollout (e.g. a file the inference config names is missing): the cause is theirs.
            service.Events.Add("failed", e.Hint is null ? e.Message : $"{e.Message}\nremedy: {e.Hint}");
            service.SetState(ServiceState.Failed, null, new DiagnosisDto(e.Code, e.Message, [], e.Hint ?? "see the server log", "Error"));
        }
        catch (Exception e)
        {
            ServerLog.OperationFailed(logger, e, name, service.Name);
            var failure = Describe(name, e, time.GetUtcNow());
            service.Events.Add("failed", $"Berth failed during the {name}: {failure.Message}");
            service.Update(r => r with { InternalFailure = failure });
            service.SetState(ServiceState.Failed, null, new DiagnosisDto(
                DiagnosisCodes.InternalError, $"Berth itself failed during the {name}: {failure.Message}", failure.LogExcerpt,
                "this is a bug in Berth; see `berth service diagnose " + service.Name + "`", "Error"));
        }
        finally
        {
            cancel.Dispose();
            service.Operation.Release();
        }
    }

    /// <summary>The server stopped while the operation ran: what serves keeps serving; a first deploy must be run again.</summary>
    private static void Interrupted(ServiceRuntime service, string name)
    {
        var serving = service.Slots.Any(s => s.Status == ReplicaPhase.Ready);
        service.Events.Add("failed", $"the server stopped during the {name}");
        service.SetState(serving ? ServiceState.Healthy : ServiceState.Failed, null, new DiagnosisDto(
            "deploy_interrupted", $"the server stopped during the {name} of this service", [],
            serving ? $"run the {name} again" : $"deploy it again: `berth service deploy --name {service.Name} ... --overwrite`", "Error"));
    }
}
