using Berth.Scoring.Hosting;
using Berth.Scoring.Logging;

namespace Berth.Scoring.Python;

/// <summary>
/// Runs score.py in N worker processes, one request per worker at a time. A run() past the scoring
/// timeout is answered at the deadline; its worker gets a short grace to stop by itself (SIGALRM in
/// the worker) and is otherwise killed and booted again, so the replica keeps serving.
/// </summary>
internal sealed class PythonHost : IEntryScriptHost
{
    private static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BootRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The exit code of a process ended by SIGKILL (128 + 9).</summary>
    private const int SigkillExit = 137;
    private readonly WorkerSettings _settings;
    private readonly PlatformLog _log;
    private readonly ReplicaLifetime _lifetime;
    private readonly PythonWorker?[] _workers;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private SlotQueue? _queue;
    private int _restarts;

    public PythonHost(WorkerSettings settings, int workerCount, PlatformLog log, ReplicaLifetime lifetime, TimeProvider time)
    {
        _time = time;
        _settings = settings;
        _log = log;
        _lifetime = lifetime;
        _workers = new PythonWorker?[workerCount];
        _timeout = TimeSpan.FromMilliseconds(settings.ScoringTimeoutMs);
    }

    public int Slots => _workers.Length;

    public bool HandlesOptions { get; private set; }

    public string? Schema { get; private set; }

    /// <summary>Workers killed or lost and booted again since start.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>gunicorn's words for a worker ended by SIGKILL (the kernel's memory limit, most often): the diagnosis reads them.</summary>
    private static string OomHint(int exitCode) => exitCode == SigkillExit ? " It was sent SIGKILL! Perhaps out of memory?" : string.Empty;

    public async Task StartAsync(SlotQueue queue, CancellationToken cancellationToken)
    {
        _queue = queue;
        var boots = Enumerable.Range(0, _workers.Length).Select(i => BootAsync(i, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(boots).ConfigureAwait(false);
        }
        catch (WorkerExitedException e)
        {
            _log.Error(LogNames.Master, $"Worker (pid:{e.Pid}) exited with code {e.ExitCode}.");
            _log.Error(LogNames.Master, "Shutting down: Master. Reason: Worker failed to boot.");
            throw BootFailure.Create($"The entry script failed to load or its init() raised (worker exit code {e.ExitCode}).");
        }

        HandlesOptions = _workers[0]!.RawHttp;
        Schema = _workers[0]!.Schema;
        for (var i = 0; i < _workers.Length; i++) queue.Release(i);
    }

    /// <summary>Boots worker <paramref name="slot"/>; a worker that dies during boot for another reason than a
    /// script error (exit 3), e.g. out of memory, is booted again, as gunicorn does.</summary>
    private async Task BootAsync(int slot, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _workers[slot] = await PythonWorker.StartAsync(_settings, _log, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (WorkerExitedException e) when (e.ExitCode != ExitCodes.BootFailed)
            {
                _log.Error(LogNames.Master, $"Worker (pid:{e.Pid}) exited with code {e.ExitCode} during boot; booting a new one.{OomHint(e.ExitCode)}");
                await Task.Delay(BootRetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<ScoreOutcome> ScoreAsync(int slot, ScoreRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var worker = await LiveWorkerAsync(slot).ConfigureAwait(false);
            if (worker is null) return ScoreOutcome.Internal("no worker could be booted");
            Task<ScoreOutcome>? exchange = null;
            try
            {
                exchange = worker.ExchangeAsync(request);
                var outcome = await exchange.WaitAsync(_timeout, _time).ConfigureAwait(false);
                if (outcome.Kind == OutcomeKind.Streamed) return outcome with { Stream = Stream(slot, worker) };
                _queue!.Release(slot);
                return outcome;
            }
            catch (TimeoutException)
            {
                _log.Error(LogNames.Server, $"Scoring timeout after {_settings.ScoringTimeoutMs} ms (worker pid {worker.Pid})");
                _ = RecoverAfterTimeoutAsync(slot, worker, exchange!);
                return ScoreOutcome.TimedOut();
            }
            catch (WorkerExitedException e) when (!e.Delivered && attempt == 0)
            {
                _log.Error(LogNames.Master, $"Worker with pid {e.Pid} was gone before it got the request (exit code {e.ExitCode}); booting a new one for it.");
                if (!await ReplaceAsync(slot, worker, release: false).ConfigureAwait(false)) return ScoreOutcome.Internal("no worker could be booted");
            }
            catch (WorkerExitedException e)
            {
                _log.Error(LogNames.Master, $"Worker with pid {e.Pid} exited while serving a request (exit code {e.ExitCode}).{OomHint(e.ExitCode)}");
                _ = ReplaceAsync(slot, worker);
                return ScoreOutcome.RunError($"the worker process (pid {e.Pid}) exited with code {e.ExitCode}");
            }
        }
    }

    private WorkerStream Stream(int slot, PythonWorker worker) => new(worker, async ended =>
    {
        if (ended)
        {
            _queue!.Release(slot);
            return;
        }

        _log.Warning(LogNames.Master, $"The streamed response of worker {worker.Pid} was cut short; replacing the worker.");
        await ReplaceAsync(slot, worker).ConfigureAwait(false);
    });

    /// <summary>The slot's worker, booted again first when it died while idle (e.g. killed for memory); null when none boots.</summary>
    private async Task<PythonWorker?> LiveWorkerAsync(int slot)
    {
        var worker = _workers[slot]!;
        if (!worker.HasExited) return worker;
        _log.Error(LogNames.Master, $"Worker with pid {worker.Pid} exited while idle (exit code {worker.ExitCode}); booting a new one.{OomHint(worker.ExitCode)}");
        return await ReplaceAsync(slot, worker, release: false).ConfigureAwait(false) ? _workers[slot] : null;
    }

    private async Task RecoverAfterTimeoutAsync(int slot, PythonWorker worker, Task<ScoreOutcome> exchange)
    {
        try
        {
            await exchange.WaitAsync(TimeoutGrace, _time).ConfigureAwait(false);
            _queue!.Release(slot);
        }
        catch (Exception e) when (e is TimeoutException or WorkerExitedException)
        {
            _log.Error(LogNames.Master, $"Worker with pid {worker.Pid} did not stop after the scoring timeout; killing it.");
            await ReplaceAsync(slot, worker).ConfigureAwait(false);
        }
    }

    /// <summary>Kills <paramref name="worker"/> and boots a new one in its slot; false when none could be booted.</summary>
    private async Task<bool> ReplaceAsync(int slot, PythonWorker worker, bool release = true)
    {
        Interlocked.Increment(ref _restarts);
        await worker.DisposeAsync().ConfigureAwait(false);
        try
        {
            await BootAsync(slot, _lifetime.Stopping).ConfigureAwait(false);
            if (release) _queue!.Release(slot);
            return true;
        }
        catch (WorkerExitedException e)
        {
            _log.Error(LogNames.Master, $"Worker (pid:{e.Pid}) exited with code {e.ExitCode}. Shutting down: Master. Reason: Worker failed to boot.");
            _lifetime.Fail(ExitCodes.BootFailed);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            if (worker is not null) await worker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
