using System.Globalization;
using System.Text;
using Berth.Scoring.Hosting;
using Berth.Scoring.Inference;
using Berth.Scoring.Logging;
using Berth.Scoring.Metrics;
using Berth.Scoring.Options;

namespace Berth.Scoring.Http;

/// <summary>The whole HTTP surface of a replica in one terminal middleware (no routing, no MVC).</summary>
internal sealed class ScoringHandler
{
    private static readonly byte[] Healthy = "Healthy"u8.ToArray();
    private readonly ScoringOptions _options;
    private readonly IEntryScriptHost _host;
    private readonly SlotQueue _queue;
    private readonly ScoringMetrics _metrics;
    private readonly SwaggerDocuments _swagger;
    private readonly PlatformLog _log;
    private readonly TimeProvider _time;
    private readonly ResponseWriter _writer;
    private readonly CorsPolicy _cors;
    private readonly OipHandler _oip;

    public ScoringHandler(ScoringOptions options, IEntryScriptHost host, SlotQueue queue, ScoringMetrics metrics,
        PlatformLog log, TimeProvider time, string serverVersion, IInferenceModel model, ModelIdentity identity)
    {
        _options = options;
        _host = host;
        _queue = queue;
        _metrics = metrics;
        _log = log;
        _time = time;
        _swagger = new SwaggerDocuments(options.AppRoot, options.ServiceName, options.ServiceVersion, options.ServicePathPrefix);
        _writer = new ResponseWriter(options, serverVersion);
        _cors = new CorsPolicy(options.CorsOrigins);
        _oip = new OipHandler(model, identity, queue, _writer, options, ScoringApp.Version);
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var start = _time.GetTimestamp();
        try
        {
            await DispatchAsync(ctx).ConfigureAwait(false);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested)
        {
            _log.Error(LogNames.Server, $"Encountered Exception: {e}");
            await _writer.MessageAsync(ctx, null, 500, ErrorMessages.Internal).ConfigureAwait(false);
        }
        finally
        {
            Record(ctx, _time.GetElapsedTime(start));
        }
    }

    private void Record(HttpContext ctx, TimeSpan elapsed)
    {
        var request = ctx.Request;
        var status = ctx.Response.StatusCode;
        _metrics.RecordRequest(request.Path.Value ?? "", status, elapsed.TotalSeconds);
        if (request.Path.Value is "/" or Berth.Security.ReplicaSecret.ProbePath && HttpMethods.IsGet(request.Method)) return;
        var length = ctx.Response.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "N/A";
        _log.Info(LogNames.Server, $"{request.Method} {request.Path}{request.QueryString} {status} {elapsed.TotalMilliseconds:F3}ms {length}");
    }

    private Task DispatchAsync(HttpContext ctx)
    {
        if (ctx.Request.Path.Value == Berth.Security.ReplicaSecret.ProbePath && (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)))
        {
            // The probe path says only that the replica is up, so it needs no secret (a kubelet probes it).
            return _writer.WriteAsync(ctx, ResolveIds(ctx.Request.Headers), 200, ResponseWriter.HtmlType, Healthy, null);
        }

        if (_options.ReplicaToken is { } token && !ReplicaTokenMatches(ctx.Request.Headers, token))
        {
            return _writer.MessageAsync(ctx, null, 401, ErrorMessages.ReplicaTokenMissing);
        }

        var path = ctx.Request.Path.Value;
        var method = ctx.Request.Method;
        var isGet = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (path == "/metrics")
        {
            // GET and HEAD are answered by the Prometheus exporter before this handler (ScoringApp.BuildWebApp).
            return NotAllowedAsync(ctx, null, "GET, HEAD");
        }

        var ids = ResolveIds(ctx.Request.Headers);
        if (ids.Error431 is { } tooLong) return _writer.MessageAsync(ctx, ids, 431, tooLong);
        if (path is not null && OipRoute.Parse(path) is { } route) return _oip.HandleAsync(ctx, ids, route);
        return path switch
        {
            "/" => isGet ? _writer.WriteAsync(ctx, ids, 200, ResponseWriter.HtmlType, Healthy, null) : NotAllowedAsync(ctx, ids, "GET, HEAD"),
            "/swagger.json" => isGet ? SwaggerAsync(ctx, ids) : NotAllowedAsync(ctx, ids, "GET, HEAD"),
            "/score" => ScoreAsync(ctx, ids),
            _ => _writer.MessageAsync(ctx, ids, 404, ErrorMessages.NotFound),
        };
    }

    /// <summary>True when the request may be served: no replica secret is configured, or the request carries it.</summary>
    public bool Authorized(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return _options.ReplicaToken is not { } token || ReplicaTokenMatches(ctx.Request.Headers, token);
    }

    /// <summary>Checks the router's secret in constant time, then removes it so the entry script never sees it.</summary>
    private static bool ReplicaTokenMatches(IHeaderDictionary headers, string token)
    {
        var sent = headers.TryGetValue(Berth.Security.ReplicaSecret.HeaderName, out var value) && value.Count == 1 ? value.ToString() : null;
        headers.Remove(Berth.Security.ReplicaSecret.HeaderName);
        return Berth.Security.SecretFile.Matches(token, sent);
    }

    private RequestIds ResolveIds(IHeaderDictionary headers)
    {
        string? Header(string name) => headers.TryGetValue(name, out var v) ? v.ToString() : null;
        var msRequestId = Header("x-ms-request-id");
        if (msRequestId is not null) _log.Warning(LogNames.Server, ErrorMessages.MsRequestIdDeprecated);
        return RequestIds.Resolve(Header("x-request-id"), msRequestId, Header("x-ms-client-request-id"), static () => Guid.NewGuid().ToString());
    }

    private Task NotAllowedAsync(HttpContext ctx, RequestIds? ids, string allow)
    {
        ctx.Response.Headers.Allow = allow;
        return _writer.MessageAsync(ctx, ids, 405, ErrorMessages.MethodNotAllowed);
    }

    private Task SwaggerAsync(HttpContext ctx, RequestIds ids)
    {
        var document = _swagger.Get(ctx.Request.Query["version"].FirstOrDefault(), _host.Schema, out var error);
        return document is null
            ? _writer.MessageAsync(ctx, ids, 404, error!)
            : _writer.WriteAsync(ctx, ids, 200, ResponseWriter.JsonType, Encoding.UTF8.GetBytes(document), false);
    }

    private async Task ScoreAsync(HttpContext ctx, RequestIds ids)
    {
        _cors.Apply(ctx);
        if (_cors.Enabled && CorsPolicy.IsPreflight(ctx.Request) && !_host.HandlesOptions)
        {
            await _writer.WriteAsync(ctx, ids, 200, ResponseWriter.HtmlType, ReadOnlyMemory<byte>.Empty, false).ConfigureAwait(false);
            return;
        }

        var method = ctx.Request.Method;
        ScoreMethod scoreMethod;
        if (HttpMethods.IsPost(method)) scoreMethod = ScoreMethod.Post;
        else if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) scoreMethod = ScoreMethod.Get;
        else if (HttpMethods.IsOptions(method)) scoreMethod = ScoreMethod.Options;
        else
        {
            await NotAllowedAsync(ctx, ids, "GET, HEAD, OPTIONS, POST").ConfigureAwait(false);
            return;
        }

        if (scoreMethod == ScoreMethod.Options && !_host.HandlesOptions)
        {
            await _writer.WriteAsync(ctx, ids, 200, ResponseWriter.HtmlType, ReadOnlyMemory<byte>.Empty, false).ConfigureAwait(false);
            return;
        }

        var body = await RequestBody.ReadAsync(ctx.Request, _options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            ctx.Response.Headers.Connection = "close"; // the unread rest of the body makes the connection unusable
            await _writer.MessageAsync(ctx, ids, 413, ErrorMessages.TooLarge(_options.MaxRequestBodyBytes)).ConfigureAwait(false);
            return;
        }

        await RunAsync(ctx, ids, scoreMethod, body).ConfigureAwait(false);
    }

    private async Task RunAsync(HttpContext ctx, RequestIds ids, ScoreMethod method, byte[] body)
    {
        var slot = await _queue.AcquireAsync(ctx.RequestAborted).ConfigureAwait(false);
        if (slot < 0)
        {
            ctx.Response.Headers.RetryAfter = "1";
            var message = slot == SlotQueue.QueueFull ? ErrorMessages.QueueFull : ErrorMessages.QueueWait;
            await _writer.MessageAsync(ctx, ids, 503, message).ConfigureAwait(false);
            return;
        }

        var request = new ScoreRequest
        {
            Method = method,
            QueryString = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "",
            Headers = ctx.Request.Headers,
            Body = body,
        };
        var outcome = await _host.ScoreAsync(slot, request).ConfigureAwait(false);
        if (outcome.ExecMs is { } ms) _metrics.RecordRun(ms);
        await _writer.OutcomeAsync(ctx, ids, outcome).ConfigureAwait(false);
    }
}
