using System.Buffers;
using System.Globalization;
using Berth.Router.Hosting;
using Berth.Router.Routing;

namespace Berth.Router.Proxy;

/// <summary>
/// Relays a replica's answer to the caller. Bodies up to 64 KiB are read whole before the caller sees a status, so a
/// replica that drops mid-body gets a clean 502 (or 504); larger bodies are streamed, and a failure after the status
/// went out cuts the caller's connection.
/// </summary>
internal sealed class ResponseRelay(ILogger logger)
{
    private const int BufferedBodyBytes = 64 * 1024;

    public async Task RelayAsync(HttpResponseMessage response, ReplicaState replica, ProxyExchange exchange, CancellationTokenSource timeout, CancellationToken cancel)
    {
        var context = exchange.Context;
        exchange.RunTimeMs = ParseRunTime(response);
        var body = await response.Content.ReadAsStreamAsync(cancel);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferedBodyBytes);
        try
        {
            var (filled, ended, failure) = await FillAsync(body, buffer, timeout, exchange, replica, cancel);
            if (failure is { } error)
            {
                await ErrorResponses.WriteAsync(exchange, error);
                return;
            }

            exchange.Status = StatusMapping.FromReplica((int)response.StatusCode);
            context.Response.StatusCode = exchange.Status;
            ResponseHeaders.Copy(response, context.Response);
            if (ended)
            {
                context.Response.ContentLength = BodyRules.ContentLength(context.Request.Method, exchange.Status, filled, response.Content.Headers.ContentLength);
                if (filled > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, filled), context.RequestAborted);
                }

                return;
            }

            context.Response.ContentLength = response.Content.Headers.ContentLength;
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, filled), context.RequestAborted);
            await StreamRestAsync(body, replica, exchange, timeout, cancel);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(int Filled, bool Ended, RouterError? Failure)> FillAsync(
        Stream body, byte[] buffer, CancellationTokenSource timeout, ProxyExchange exchange, ReplicaState replica, CancellationToken cancel)
    {
        var filled = 0;
        try
        {
            while (filled < BufferedBodyBytes)
            {
                var read = await body.ReadAsync(buffer.AsMemory(filled, BufferedBodyBytes - filled), cancel);
                if (read == 0)
                {
                    return (filled, true, null);
                }

                filled += read;
            }

            return (filled, false, null);
        }
        catch (Exception e) when (!exchange.CallerGone && e is IOException or HttpRequestException or OperationCanceledException)
        {
            if (timeout.IsCancellationRequested)
            {
                return (0, false, StatusMapping.Timeout(exchange.Service, exchange.Spec.ScoringTimeoutMs));
            }

            RouterLog.ReplicaFailed(logger, exchange.Service, replica.Id, e.Message);
            return (0, false, StatusMapping.Dropped(exchange.Service, replica.Id));
        }
    }

    /// <summary>A large body is streamed; if the replica fails after the status went out, the caller's connection is cut.</summary>
    private async Task StreamRestAsync(Stream body, ReplicaState replica, ProxyExchange exchange, CancellationTokenSource timeout, CancellationToken cancel)
    {
        try
        {
            await body.CopyToAsync(exchange.Context.Response.Body, cancel);
        }
        catch (Exception e) when (!exchange.CallerGone && e is IOException or HttpRequestException or OperationCanceledException)
        {
            exchange.Status = timeout.IsCancellationRequested ? 504 : 502;
            RouterLog.ReplicaFailed(logger, exchange.Service, replica.Id, "the response was cut off after it started: " + e.Message);
            exchange.Context.Abort();
        }
    }

    private static double? ParseRunTime(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues(HeaderRules.RunTime, out var values)
        && double.TryParse(values.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : null;
}
