using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A client of the Debug Adapter Protocol as VS Code speaks it (Content-Length framed JSON over TCP): requests with
/// their responses, and events in arrival order. Hand-written: no DAP client library is served here, and a test needs
/// only the framing and request/response matching.
/// </summary>
internal sealed class DapClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly Lock _gate = new();
    private readonly Task _reader;
    private int _sequence;

    private DapClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to a debug adapter on 127.0.0.1, retrying while it is not listening yet.</summary>
    public static async Task<DapClient> ConnectAsync(int port)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", port, deadline.Token);
                return new DapClient(tcp);
            }
            catch (SocketException) when (!deadline.IsCancellationRequested)
            {
                tcp.Dispose();
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    /// <summary>Sends a request; the task ends with its response (whose <c>success</c> the caller checks).</summary>
    public Task<JsonObject> SendAsync(string command, JsonObject? arguments = null)
    {
        var source = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        int seq;
        lock (_gate)
        {
            seq = ++_sequence;
            _pending[seq] = source;
        }

        var message = new JsonObject { ["seq"] = seq, ["type"] = "request", ["command"] = command };
        if (arguments is not null)
        {
            message["arguments"] = arguments;
        }

        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_gate)
        {
            _stream.Write(header);
            _stream.Write(body);
        }

        return source.Task.WaitAsync(Timeout);
    }

    /// <summary>Waits for the next event named <paramref name="name"/>, skipping others.</summary>
    public async Task<JsonObject> EventAsync(string name)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var message = await _events.Reader.ReadAsync(deadline.Token);
            if ((string?)message["event"] == name)
            {
                return message;
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var length = await ReadHeaderAsync();
                var body = new byte[length];
                await _stream.ReadExactlyAsync(body);
                var message = JsonNode.Parse(body)!.AsObject();
                if ((string?)message["type"] == "response")
                {
                    TaskCompletionSource<JsonObject>? source;
                    lock (_gate)
                    {
                        _pending.Remove((int)message["request_seq"]!, out source);
                    }

                    source?.TrySetResult(message);
                }
                else if ((string?)message["type"] == "event")
                {
                    await _events.Writer.WriteAsync(message);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
        {
            _events.Writer.TryComplete(e);
        }
    }

    private async Task<int> ReadHeaderAsync()
    {
        var line = new StringBuilder();
        var length = -1;
        var one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one);
            if (one[0] != '\n')
            {
                if (one[0] != '\r') line.Append((char)one[0]);
                continue;
            }

            if (line.Length == 0 && length >= 0)
            {
                return length;
            }

            var text = line.ToString();
            if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(text["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            line.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        try
        {
            await _reader.WaitAsync(Timeout);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or TimeoutException or SocketException)
        {
            // The connection is gone, which is what disposal wants.
        }
    }
}
