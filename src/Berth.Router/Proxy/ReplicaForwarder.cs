using Berth.Router.Hosting;
using Berth.Router.Routing;

namespace Berth.Router.Proxy;

/// <summary>
/// Sends one request to one replica and relays its answer, and names what failed by the side that failed (the
/// caller's body, or the replica). The replica's slot is given back only when the replica no longer runs the request:
/// after a 504 (or a caller gone) while the replica still runs it, the slot stays busy until the replica's late answer
/// ends, so the next request is not queued inside a replica whose run() is still going.
/// </summary>
internal sealed class ReplicaForwarder(HttpMessageInvoker invoker, TimeProvider time, ProxySettings settings, ILogger logger)
{
    /// <summary>How long after scoringTimeoutMs a Berth replica gives up on run() and answers (the server starts it with the timeout + 1000 ms).</summary>
    public static readonly TimeSpan ReplicaTimeoutMargin = TimeSpan.FromMilliseconds(1000);

    /// <summary>How much longer than that the router waits for a late answer before it takes the slot back anyway.</summary>
    public static readonly TimeSpan LateAnswerAllowance = TimeSpan.FromSeconds(5);

    private readonly ResponseRelay _relay = new(logger);

    /// <summary>
    /// Forwards the request. Returns the 502 unwritten when the replica refused the connection (the request never
    /// reached it, so another replica may take it). Calls <paramref name="release"/> exactly once, when the replica is free.
    /// </summary>
    public async Task<RouterError?> ForwardAsync(HttpContext context, ReplicaState replica, PathString path, ProxyExchange exchange, Action release)
    {
        var scoring = TimeSpan.FromMilliseconds(exchange.Spec.ScoringTimeoutMs);
        var limit = new CancellationTokenSource(scoring + ReplicaTimeoutMargin + LateAnswerAllowance, time);
        using var deadline = new CancellationTokenSource(scoring, time);
        using var answerBy = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        var body = RequestBuilder.HasBody(context) ? new ClientBody(context.Request.Body, settings.BodyIdleTimeout, time, context.RequestAborted) : null;
        var request = RequestBuilder.Build(context, replica.BaseUrl, path, exchange.RequestId, exchange.Spec.AuthEnabled, body, exchange.Spec.ReplicaToken);
        var sending = invoker.SendAsync(request, limit.Token);
        var detached = false;
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await sending.WaitAsync(answerBy.Token);
            }
            catch (OperationCanceledException) when (answerBy.IsCancellationRequested)
            {
                detached = await GiveUpAsync(exchange, replica, body, sending, request, limit, release);
                return null;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                return await FailedAsync(e, exchange, replica, body);
            }

            using (response)
            {
                await _relay.RelayAsync(response, replica, exchange, deadline, answerBy.Token);
            }

            return null;
        }
        finally
        {
            if (!detached)
            {
                request.Dispose();
                limit.Dispose();
                release();
            }
        }
    }

    /// <summary>
    /// No answer by the deadline, or the caller went away. With the whole body sent the replica may be running the
    /// request: the call goes on in the background and keeps the slot (returns true). Without it, run() has not started:
    /// the call ends now, and a body that was waiting for the caller makes it the caller's fault (408).
    /// </summary>
    private async Task<bool> GiveUpAsync(
        ProxyExchange exchange, ReplicaState replica, ClientBody? body, Task<HttpResponseMessage> sending, HttpRequestMessage request, CancellationTokenSource limit, Action release)
    {
        var callerWasSending = body?.WaitingForCaller ?? false;
        var detach = body is null || body.Completed || sending.IsCompleted;
        if (detach)
        {
            RouterLog.LateAnswer(logger, exchange.Service, replica.Id, exchange.RequestId);
            _ = LateAnswerAsync(sending, request, limit, release);
        }
        else
        {
            await limit.CancelAsync();
            await ((Task)sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var error = exchange.CallerGone ? ProxyError.ClientGone : !detach && callerWasSending ? ProxyError.BodyStalled : ProxyError.Timeout;
        await WriteAsync(exchange, error, body?.Reason);
        return detach;
    }

    private async Task<RouterError?> FailedAsync(Exception e, ProxyExchange exchange, ReplicaState replica, ClientBody? body)
    {
        if (body?.Failure is not null || exchange.CallerGone)
        {
            await WriteAsync(exchange, body?.Failure ?? ProxyError.ClientGone, body?.Reason);
            return null;
        }

        var reason = e.InnerException?.Message ?? e.Message;
        RouterLog.ReplicaFailed(logger, exchange.Service, replica.Id, reason);
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            exchange.Error = ProxyError.ReplicaRefused;
            return StatusMapping.ConnectFailed(exchange.Service, replica.Id, reason);
        }

        await WriteAsync(exchange, ProxyError.ReplicaDropped, null);
        return null;
    }

    /// <summary>Writes the answer for <paramref name="error"/>; for a caller that went away only the status is recorded.</summary>
    private Task WriteAsync(ProxyExchange exchange, ProxyError error, string? reason)
    {
        exchange.Error = error;
        var service = exchange.Service;
        switch (error)
        {
            case ProxyError.ClientGone:
                exchange.Status = StatusMapping.StatusOf(error);
                return Task.CompletedTask;
            case ProxyError.Timeout:
                return ErrorResponses.WriteAsync(exchange, StatusMapping.Timeout(service, exchange.Spec.ScoringTimeoutMs));
            case ProxyError.ReplicaDropped:
                return ErrorResponses.WriteAsync(exchange, StatusMapping.Dropped(service, exchange.Replica ?? "-"));
            default:
                exchange.Context.Response.Headers.Connection = "close";
                return ErrorResponses.WriteAsync(exchange, StatusMapping.ClientFault(service, error, MaxBodyBytes(exchange.Context), settings.BodyIdleTimeout, reason));
        }
    }

    /// <summary>The front door's request body limit.</summary>
    public static long MaxBodyBytes(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? Table.FrontDoor.MaxRequestBodyBytes;

    /// <summary>Waits for the replica's late answer (it gives up at its own timeout and answers), then gives the slot back.</summary>
    private static async Task LateAnswerAsync(Task<HttpResponseMessage> sending, HttpRequestMessage request, CancellationTokenSource limit, Action release)
    {
        try
        {
            using var response = await sending;
            await response.Content.CopyToAsync(Stream.Null, limit.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The replica failed, or is stuck past its own timeout and the allowance: either way the slot goes back now.
        }
        finally
        {
            request.Dispose();
            limit.Dispose();
            release();
        }
    }
}
