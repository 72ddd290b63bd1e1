using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Berth.Scoring.Hosting;

namespace Berth.Scoring.Python;

/// <summary>
/// The frames between berth-scoring and a Python worker (see pyhost/berth_worker.py):
/// a u32 little-endian payload length, then the payload.
/// </summary>
internal static class WorkerProtocol
{
    public const byte ReadyFrame = 0;
    public const byte RequestFrame = 1;
    public const byte ChunkFrame = 7;
    public const byte EndFrame = 8;
    private const int ResponseHeadSize = 1 + 2 + 8 + 4;

    /// <summary>Encodes a request into a rented buffer; returns the frame length.</summary>
    public static byte[] EncodeRequest(ScoreRequest request, bool withHeaders, out int length)
    {
        var queryBytes = Encoding.UTF8.GetByteCount(request.QueryString);
        byte[]? headers = withHeaders ? EncodeHeaders(request.Headers) : null;
        var headerBytes = headers?.Length ?? 0;
        var payload = 1 + 1 + 4 + queryBytes + 4 + headerBytes + request.Body.Length;
        length = 4 + payload;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        var span = frame.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payload);
        span[4] = RequestFrame;
        span[5] = (byte)request.Method;
        BinaryPrimitives.WriteUInt32LittleEndian(span[6..], (uint)queryBytes);
        var pos = 10 + Encoding.UTF8.GetBytes(request.QueryString, span[10..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)headerBytes);
        pos += 4;
        headers?.CopyTo(span[pos..]);
        pos += headerBytes;
        request.Body.Span.CopyTo(span[pos..]);
        return frame;
    }

    private static byte[] EncodeHeaders(IHeaderDictionary headers)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // [[name, value], ...], one pair per value: a repeated header stays repeated.
            writer.WriteStartArray();
            foreach (var (name, values) in headers)
            {
                foreach (var value in values)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(name);
                    writer.WriteStringValue(value);
                    writer.WriteEndArray();
                }
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The body of a chunk frame, or null for the end frame.</summary>
    public static byte[]? DecodeChunk(ReadOnlySpan<byte> payload)
    {
        if (payload[0] == EndFrame) return null;
        if (payload[0] != ChunkFrame) throw new InvalidDataException($"expected a chunk frame, got kind {payload[0]}");
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[11..]);
        return payload[(ResponseHeadSize + headerLength)..].ToArray();
    }

    /// <summary>Decodes a response payload (without its length prefix).</summary>
    public static ScoreOutcome DecodeResponse(ReadOnlySpan<byte> payload)
    {
        var kind = (OutcomeKind)payload[0];
        var statusField = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]);
        var runMs = BinaryPrimitives.ReadDoubleLittleEndian(payload[3..]);
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[11..]);
        var headerJson = payload.Slice(ResponseHeadSize, headerLength);
        var body = payload[(ResponseHeadSize + headerLength)..].ToArray();
        double? execMs = double.IsNaN(runMs) ? null : runMs;
        var status = statusField & 0x7FFF;
        return kind switch
        {
            OutcomeKind.Ok => ScoreOutcome.Json(body, runMs),
            OutcomeKind.Response or OutcomeKind.Streamed => ResponseOutcome(kind, status, (statusField & 0x8000) != 0, headerJson, body, execMs),
            OutcomeKind.Timeout => ScoreOutcome.TimedOut(),
            _ => new ScoreOutcome(kind, status, body, RunFunctionFailed: kind == OutcomeKind.RunFailed),
        };
    }

    private static ScoreOutcome ResponseOutcome(OutcomeKind kind, int status, bool failed, ReadOnlySpan<byte> headerJson, byte[] body, double? execMs)
    {
        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        var reader = new Utf8JsonReader(headerJson);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartArray || reader.CurrentDepth != 1) continue;
            reader.Read();
            var name = reader.GetString() ?? "";
            reader.Read();
            var value = reader.GetString() ?? "";
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
            else headers.Add(new(name, value));
        }

        return new ScoreOutcome(kind, status, body, contentType, headers, execMs, failed);
    }
}
