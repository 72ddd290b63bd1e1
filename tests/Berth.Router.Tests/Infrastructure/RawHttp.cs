using System.Net.Sockets;
using System.Text;

namespace Berth.Router.Tests.Infrastructure;

/// <summary>
/// An HTTP/1.1 caller on a raw socket, for requests HttpClient will not send: a body that stops, bad chunked framing,
/// a Content-Length the body never reaches.
/// </summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    public NetworkStream Stream => _stream ?? throw new InvalidOperationException("not connected");

    public static async Task<RawHttp> ConnectAsync(Uri uri)
    {
        var raw = new RawHttp();
        await raw._client.ConnectAsync("127.0.0.1", uri.Port).WaitAsync(TimeSpan.FromSeconds(10));
        raw._stream = raw._client.GetStream();
        return raw;
    }

    /// <summary>Sends the request line and headers of a POST to <paramref name="uri"/>'s path, then <paramref name="body"/> as it is.</summary>
    public async Task SendAsync(Uri uri, string headers, string body = "")
    {
        var text = $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{uri.Port}\r\nContent-Type: application/json\r\n{headers}\r\n{body}";
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        await Stream.FlushAsync();
    }

    /// <summary>Reads the response's status code and its text up to the end of the headers and whatever body arrived with them.</summary>
    public async Task<(int Status, string Text)> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await Stream.ReadAsync(buffer, cancel.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = received.ToString();
        var parts = text.Split(' ', 3);
        return (parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : 0, text);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _client.Dispose();
    }
}
