using System.Globalization;
using System.Text;
using Berth.Scoring.Hosting;
using Berth.Scoring.Options;

namespace Berth.Scoring.Http;

/// <summary>Writes responses with the platform's headers: request ids, run-function-failed, run time, server version.</summary>
internal sealed class ResponseWriter
{
    public const string JsonType = "application/json";
    public const string HtmlType = "text/html; charset=utf-8";
    private static readonly string[] ReservedHeaders = ["x-request-id", "x-ms-request-id", "x-ms-client-request-id", "content-length", "transfer-encoding"];
    private readonly ScoringOptions _options;
    private readonly string _serverVersion;

    public ResponseWriter(ScoringOptions options, string serverVersion)
    {
        _options = options;
        _serverVersion = serverVersion;
    }

    public Task MessageAsync(HttpContext ctx, RequestIds? ids, int status, string message, bool? runFailed = false) =>
        WriteAsync(ctx, ids, status, JsonType, JsonText.MessageBody(message), runFailed);

    public Task WriteAsync(HttpContext ctx, RequestIds? ids, int status, string? contentType, ReadOnlyMemory<byte> body,
        bool? runFailed, IReadOnlyList<KeyValuePair<string, string>>? extra = null, double? execMs = null)
    {
        var response = ctx.Response;
        response.StatusCode = status;
        var headers = response.Headers;
        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                if (!ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)) headers.Append(name, value);
            }
        }

        if (contentType is not null) response.ContentType = contentType;
        if (ids is not null) SetIds(headers, ids);
        if (ctx.Request.Headers.TryGetValue("TraceId", out var traceId)) headers["TraceId"] = traceId;
        if (runFailed is { } failed) headers["x-ms-run-function-failed"] = failed ? "True" : "False";
        if (execMs is { } ms) headers["x-ms-run-fn-exec-ms"] = ms.ToString("F3", CultureInfo.InvariantCulture);
        if (_options.ServerVersionHeader) headers["x-ms-server-version"] = _serverVersion;
        response.ContentLength = body.Length;
        return body.Length == 0 ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    private static void SetIds(IHeaderDictionary headers, RequestIds ids)
    {
        if (ids.RequestId is not null) headers["x-request-id"] = ids.RequestId;
        if (ids.MsRequestId is not null) headers["x-ms-request-id"] = ids.MsRequestId;
        if (ids.ClientRequestId is not null) headers["x-ms-client-request-id"] = ids.ClientRequestId;
    }

    /// <summary>The HTTP response for a finished /score request.</summary>
    public Task OutcomeAsync(HttpContext ctx, RequestIds ids, ScoreOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Ok => WriteAsync(ctx, ids, 200, JsonType, outcome.Body, false, execMs: outcome.ExecMs),
        OutcomeKind.Streamed => StreamAsync(ctx, ids, outcome),
        OutcomeKind.Response => WriteAsync(ctx, ids, outcome.Status, outcome.ContentType, outcome.Body, outcome.RunFunctionFailed, outcome.Headers, outcome.ExecMs),
        OutcomeKind.RunFailed => MessageAsync(ctx, ids, 500, WithDetail(ErrorMessages.RunFailed, outcome.Body), true),
        OutcomeKind.Timeout => MessageAsync(ctx, ids, 500, ErrorMessages.Timeout(_options.ScoringTimeoutMs), true),
        OutcomeKind.ClientError => MessageAsync(ctx, ids, outcome.Status, Encoding.UTF8.GetString(outcome.Body.Span)),
        _ => MessageAsync(ctx, ids, 500, WithDetail(ErrorMessages.Internal, outcome.Body)),
    };

    /// <summary>A chunked response: headers first, then each chunk flushed as the worker produces it.</summary>
    private async Task StreamAsync(HttpContext ctx, RequestIds ids, ScoreOutcome outcome)
    {
        await using var stream = outcome.Stream!;
        ctx.Response.StatusCode = outcome.Status;
        var headers = ctx.Response.Headers;
        foreach (var (name, value) in outcome.Headers ?? [])
        {
            if (!ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)) headers.Append(name, value);
        }

        ctx.Response.ContentType = outcome.ContentType;
        SetIds(headers, ids);
        headers["x-ms-run-function-failed"] = outcome.RunFunctionFailed ? "True" : "False";
        if (outcome.ExecMs is { } ms) headers["x-ms-run-fn-exec-ms"] = ms.ToString("F3", CultureInfo.InvariantCulture);
        if (_options.ServerVersionHeader) headers["x-ms-server-version"] = _serverVersion;
        await ctx.Response.StartAsync(ctx.RequestAborted).ConfigureAwait(false);
        while (await stream.ReadChunkAsync().ConfigureAwait(false) is { } chunk)
        {
            await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    private string WithDetail(string message, ReadOnlyMemory<byte> detail) =>
        _options.ReturnErrorDetails && detail.Length > 0 ? $"{message} Detail: {Encoding.UTF8.GetString(detail.Span)}" : message;
}
