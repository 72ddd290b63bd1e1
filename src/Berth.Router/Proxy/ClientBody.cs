using Berth.Router.Routing;

namespace Berth.Router.Proxy;

/// <summary>
/// The caller's request body as the request to the replica reads it. It records a failure on the caller's side (a body
/// over the limit, bad framing, no data for <c>idleTimeout</c>, the caller gone) so that a failed send is blamed on the
/// side that failed, as YARP's request body copy does; and it tells whether the body is complete and whether a read is
/// waiting for the caller right now.
/// </summary>
internal sealed class ClientBody : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _callerGone;
    private readonly CancellationTokenSource _idle;
    private int _reading;

    public ClientBody(Stream inner, TimeSpan idleTimeout, TimeProvider time, CancellationToken callerGone)
    {
        _inner = inner;
        _idleTimeout = idleTimeout;
        _callerGone = callerGone;
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>The caller's fault that ended the body, if one did.</summary>
    public ProxyError? Failure { get; private set; }

    /// <summary>What the server said about a malformed body.</summary>
    public string? Reason { get; private set; }

    /// <summary>True once the whole body was read.</summary>
    public bool Completed { get; private set; }

    /// <summary>True while a read waits for bytes from the caller.</summary>
    public bool WaitingForCaller => Volatile.Read(ref _reading) == 1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
        Volatile.Write(ref _reading, 1);
        _idle.CancelAfter(_idleTimeout);
        try
        {
            var read = await _inner.ReadAsync(buffer, linked.Token);
            Completed |= read == 0;
            return read;
        }
        catch (OperationCanceledException e) when (_idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Fail(ProxyError.BodyStalled, null);
            throw new IOException("the caller stopped sending the request body", e);
        }
        catch (BadHttpRequestException e)
        {
            Fail(e.StatusCode switch { 413 => ProxyError.BodyTooLarge, 408 => ProxyError.BodyStalled, _ => ProxyError.BodyMalformed }, e.Message);
            throw;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            Fail(ProxyError.ClientGone, e.Message);
            throw;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
            _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the request body is read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Leaves the caller's stream to the server; only the idle timer is ours.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Fail(ProxyError error, string? reason)
    {
        if (Failure is null)
        {
            Failure = _callerGone.IsCancellationRequested ? ProxyError.ClientGone : error;
            Reason = reason;
        }
    }
}
