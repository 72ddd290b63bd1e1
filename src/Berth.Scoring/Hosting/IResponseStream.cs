namespace Berth.Scoring.Hosting;

/// <summary>A response body that arrives in chunks; disposing it gives the worker back (or replaces it when the stream was cut short).</summary>
internal interface IResponseStream : IAsyncDisposable
{
    /// <summary>The next chunk, or null at the end.</summary>
    ValueTask<byte[]?> ReadChunkAsync();
}
