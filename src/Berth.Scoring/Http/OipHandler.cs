using System.Text;
using Berth.Scoring.Hosting;
using Berth.Scoring.Inference;
using Berth.Scoring.Options;

namespace Berth.Scoring.Http;

/// <summary>
/// The Open Inference Protocol (v2) routes: health, server and model metadata, model ready, and infer with JSON
/// tensors or the binary tensor extension. Errors are <c>{"error": "..."}</c>: 400 for a request the model cannot
/// take, 404 for a model or version this replica does not serve, 405 for a wrong method, 413 for a body over the limit.
/// Health answers 200 with a JSON body (the replica listens only once its model is loaded).
/// </summary>
internal sealed class OipHandler(IInferenceModel model, ModelIdentity identity, SlotQueue queue, ResponseWriter writer, ScoringOptions options, string version)
{
    private const string OctetStream = "application/octet-stream";

    public Task HandleAsync(HttpContext ctx, RequestIds ids, OipRoute route)
    {
        var isGet = HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method);
        if (route.Kind == OipRouteKind.Infer ? !HttpMethods.IsPost(ctx.Request.Method) : !isGet)
        {
            ctx.Response.Headers.Allow = route.Kind == OipRouteKind.Infer ? "POST" : "GET, HEAD";
            return ErrorAsync(ctx, ids, 405, $"{ctx.Request.Method} is not allowed on {ctx.Request.Path}; use {ctx.Response.Headers.Allow}.");
        }

        if (route.Model is { } name && NotServed(name, route.Version) is { } missing) return ErrorAsync(ctx, ids, 404, missing);
        return route.Kind switch
        {
            OipRouteKind.Server => JsonAsync(ctx, ids, $"{{\"name\": \"berth-scoring\", \"version\": {JsonText.Quote(version)}, \"extensions\": [\"binary_tensor_data\"]}}"),
            OipRouteKind.Live => JsonAsync(ctx, ids, "{\"live\": true}"),
            OipRouteKind.Ready => JsonAsync(ctx, ids, "{\"ready\": true}"),
            OipRouteKind.ModelReady => JsonAsync(ctx, ids, $"{{\"name\": {JsonText.Quote(route.Model!)}, \"ready\": true}}"),
            OipRouteKind.ModelMetadata => writer.WriteAsync(ctx, ids, 200, ResponseWriter.JsonType, InferenceResponseWriter.Metadata(model.Metadata), null),
            _ => InferAsync(ctx, ids),
        };
    }

    private string? NotServed(string name, string? askedVersion)
    {
        if (!identity.Answers(name)) return $"Model with name {name} does not exist. This replica serves model '{identity.Name}'.";
        return askedVersion is null || askedVersion == identity.Version
            ? null
            : $"Model {name} has no version {askedVersion} here. This replica serves version {identity.Version}.";
    }

    private async Task InferAsync(HttpContext ctx, RequestIds ids)
    {
        var body = await RequestBody.ReadAsync(ctx.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            ctx.Response.Headers.Connection = "close"; // the unread rest of the body makes the connection unusable
            await ErrorAsync(ctx, ids, 413, ErrorMessages.TooLarge(options.MaxRequestBodyBytes)).ConfigureAwait(false);
            return;
        }

        InferenceRequest request;
        try
        {
            var headerLength = ctx.Request.Headers.TryGetValue(InferenceRequestReader.HeaderLengthHeader, out var h) ? h.ToString() : null;
            request = InferenceRequestReader.Read(body, headerLength);
        }
        catch (InferenceInputException e)
        {
            await ErrorAsync(ctx, ids, e.Status, e.Message).ConfigureAwait(false);
            return;
        }

        var slot = await queue.AcquireAsync(ctx.RequestAborted).ConfigureAwait(false);
        if (slot < 0)
        {
            ctx.Response.Headers.RetryAfter = "1";
            await ErrorAsync(ctx, ids, 503, slot == SlotQueue.QueueFull ? ErrorMessages.QueueFull : ErrorMessages.QueueWait).ConfigureAwait(false);
            return;
        }

        await RespondAsync(ctx, ids, request, slot).ConfigureAwait(false);
    }

    private async Task RespondAsync(HttpContext ctx, RequestIds ids, InferenceRequest request, int slot)
    {
        InferenceResult result;
        try
        {
            result = await model.InferAsync(slot, request).ConfigureAwait(false);
        }
        catch (InferenceInputException e)
        {
            await ErrorAsync(ctx, ids, e.Status, e.Message).ConfigureAwait(false);
            return;
        }

        if (result.Error is { } error)
        {
            await ErrorAsync(ctx, ids, result.Status, error).ConfigureAwait(false);
            return;
        }

        var response = InferenceResponseWriter.Write(model.Metadata, request, result.Outputs);
        if (response.JsonLength is { } jsonLength)
        {
            ctx.Response.Headers[InferenceRequestReader.HeaderLengthHeader] = jsonLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await writer.WriteAsync(ctx, ids, 200, response.JsonLength is null ? ResponseWriter.JsonType : OctetStream, response.Bytes, null).ConfigureAwait(false);
    }

    private Task JsonAsync(HttpContext ctx, RequestIds ids, string json) =>
        writer.WriteAsync(ctx, ids, 200, ResponseWriter.JsonType, Encoding.UTF8.GetBytes(json), null);

    private Task ErrorAsync(HttpContext ctx, RequestIds ids, int status, string message) =>
        writer.WriteAsync(ctx, ids, status, ResponseWriter.JsonType, InferenceResponseWriter.Error(message), null);
}
