using Berth.Scoring.Hosting;

namespace Berth.Scoring.Python;

/// <summary>
/// The chunks of a streamed response from one worker. Its slot stays taken until the stream ends; a stream
/// cut short (client gone, worker died) leaves the worker mid-response, so it is replaced instead.
/// </summary>
internal sealed class WorkerStream(PythonWorker worker, Func<bool, Task> finished) : IResponseStream
{
    private bool _ended;
    private bool _disposed;

    public async ValueTask<byte[]?> ReadChunkAsync()
    {
        if (_ended) return null;
        var chunk = await worker.ReadChunkAsync().ConfigureAwait(false);
        _ended = chunk is null;
        return chunk;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await finished(_ended).ConfigureAwait(false);
    }
}
