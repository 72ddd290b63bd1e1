using Berth.Api.V1;

namespace Berth.Server.Services;

/// <summary>
/// The steps and state changes of one service, numbered, kept in memory (the last 500) and appended to
/// <c>services/&lt;name&gt;/events.log</c>. Readers wait for new events with <see cref="WaitAsync"/>.
/// </summary>
internal sealed class ServiceEventLog(string file, TimeProvider time)
{
    private const int Keep = 500;
    private readonly Lock _gate = new();
    private readonly List<ServiceEventDto> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;

    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    public void Add(string kind, string message)
    {
        TaskCompletionSource changed;
        ServiceEventDto added;
        lock (_gate)
        {
            added = new ServiceEventDto(++_sequence, time.GetUtcNow(), kind, message);
            _events.Add(added);
            if (_events.Count > Keep)
            {
                _events.RemoveRange(0, _events.Count - Keep);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        try
        {
            File.AppendAllText(file, $"{added.At:yyyy-MM-dd HH:mm:ss.fff} {kind,-8} {message}{Environment.NewLine}");
        }
        catch (IOException)
        {
            // The in-memory log is what readers use; the file is a convenience.
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<ServiceEventDto> After(long sequence)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Sequence > sequence).ToList();
        }
    }

    /// <summary>Waits until an event after <paramref name="sequence"/> exists, or the timeout passes.</summary>
    public async Task WaitAsync(long sequence, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_sequence > sequence)
            {
                return;
            }

            changed = _changed.Task;
        }

        await Task.WhenAny(changed, Task.Delay(timeout, time, cancellationToken));
    }
}
