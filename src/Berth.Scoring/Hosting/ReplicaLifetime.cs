namespace Berth.Scoring.Hosting;

/// <summary>Ends the replica: on a signal (exit 0) or when a host can no longer serve (its exit code).</summary>
internal sealed class ReplicaLifetime : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _exitCode;

    public CancellationToken Stopping => _stop.Token;

    public int ExitCode => Volatile.Read(ref _exitCode);

    public void Stop() => _stop.Cancel();

    public void Fail(int exitCode)
    {
        Interlocked.CompareExchange(ref _exitCode, exitCode, 0);
        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();
}
