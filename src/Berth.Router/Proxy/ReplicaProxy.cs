using System.Globalization;
using Berth.Api.V1;
using Berth.Router.Hosting;
using Berth.Router.Routing;
using Berth.Router.Table;

namespace Berth.Router.Proxy;

/// <summary>
/// The data plane's I/O: checks the key, takes a replica slot (or answers 503), forwards the request with a timeout,
/// and relays the answer under azureml-fe's status rules. Decisions live in <see cref="StatusMapping"/>,
/// <see cref="QueueAdmission"/> and <see cref="ReplicaBalancer"/>.
/// </summary>
internal sealed class ReplicaProxy(HttpMessageInvoker invoker, TimeProvider time, ILogger<ReplicaProxy> logger)
{
    /// <summary>Status recorded when the caller went away before the answer (nginx's convention).</summary>
    private const int ClientClosed = 499;

    private readonly ResponseRelay _relay = new(logger);

    public async Task HandleAsync(HttpContext context, ServiceRoute route, PathString path)
    {
        var started = time.GetTimestamp();
        var settings = route.Settings;
        var requestId = HeaderRules.ResolveRequestId(context.Request.Headers[HeaderRules.RequestId], Guid.NewGuid);
        context.Response.Headers[HeaderRules.RequestId] = requestId;
        var exchange = new ProxyExchange(context, route.Name, settings.Spec, requestId);
        try
        {
            if (!settings.Keys.Allows(context.Request.Headers.Authorization))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ErrorResponses.WriteAsync(exchange, StatusMapping.Unauthorized(route.Name));
            }
            else
            {
                await DispatchAsync(context, route, path, exchange);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            exchange.Status = ClientClosed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RouterLog.ProxyFailed(logger, e, route.Name, exchange.RequestId);
            if (context.Response.HasStarted)
            {
                exchange.Status = 500;
                context.Abort();
            }
            else
            {
                context.Response.Clear();
                context.Response.Headers[HeaderRules.RequestId] = exchange.RequestId;
                await ErrorResponses.WriteAsync(exchange, StatusMapping.Internal(route.Name, exchange.RequestId));
            }
        }

        Record(context, route, path, exchange, time.GetElapsedTime(started));
    }

    private async Task DispatchAsync(HttpContext context, ServiceRoute route, PathString path, ProxyExchange exchange)
    {
        for (var attempt = 1; ; attempt++)
        {
            var grant = await route.Scheduler.AcquireAsync(exchange.Spec.MaxQueueWaitMs, context.RequestAborted);
            exchange.Waited += grant.Waited;
            if (grant.Replica is not { } replica)
            {
                await RejectAsync(context, route, exchange, grant.Outcome);
                return;
            }

            exchange.Replica = replica.Id;
            RouterError? refused;
            try
            {
                refused = await ForwardAsync(context, replica, path, exchange);
            }
            finally
            {
                route.Scheduler.Release(replica);
            }

            replica.CountServed(failed: refused is not null || exchange.Status is 502 or 504);

            if (refused is not { } error)
            {
                return;
            }

            route.Scheduler.Eject(replica);
            if (!PassiveHealth.ShouldRetry(attempt, route.Scheduler.Current.Count))
            {
                await ErrorResponses.WriteAsync(exchange, error);
                return;
            }
        }
    }

    private static async Task RejectAsync(HttpContext context, ServiceRoute route, ProxyExchange exchange, Admission outcome)
    {
        context.Response.Headers.RetryAfter = QueueAdmission.RetryAfterSeconds(exchange.Spec.MaxQueueWaitMs).ToString(CultureInfo.InvariantCulture);
        var error = outcome == Admission.RejectNoReplicas
            ? StatusMapping.NoReplicas(route.Name)
            : StatusMapping.Overloaded(route.Name, exchange.Spec.MaxQueueWaitMs);
        await ErrorResponses.WriteAsync(exchange, error);
    }

    /// <summary>
    /// Sends the request to <paramref name="replica"/> and relays its answer. Returns the 502 without writing it when
    /// the replica refused the connection: the request never reached it, so another replica may take it.
    /// </summary>
    private async Task<RouterError?> ForwardAsync(HttpContext context, ReplicaState replica, PathString path, ProxyExchange exchange)
    {
        // One source for both ends: the scoring timeout, and the caller going away (checked apart via RequestAborted).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(exchange.Spec.ScoringTimeoutMs), time);
        using var callerGone = context.RequestAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        var cancel = timeout.Token;
        using var request = RequestBuilder.Build(context, replica.BaseUrl, path, exchange.RequestId, exchange.Spec.AuthEnabled, exchange.Spec.ReplicaToken);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancel);
        }
        catch (Exception) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            await ErrorResponses.WriteAsync(exchange, StatusMapping.Timeout(exchange.Service, exchange.Spec.ScoringTimeoutMs));
            return null;
        }
        catch (HttpRequestException e) when (!context.RequestAborted.IsCancellationRequested)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            RouterLog.ReplicaFailed(logger, exchange.Service, replica.Id, reason);
            if (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                return StatusMapping.ConnectFailed(exchange.Service, replica.Id, reason);
            }

            await ErrorResponses.WriteAsync(exchange, StatusMapping.Dropped(exchange.Service, replica.Id));
            return null;
        }

        using (response)
        {
            await _relay.RelayAsync(response, replica, exchange, timeout, cancel);
        }

        return null;
    }

    private void Record(HttpContext context, ServiceRoute route, PathString path, ProxyExchange exchange, TimeSpan elapsed)
    {
        var sample = new RequestSample(
            time.GetUtcNow(),
            exchange.RequestId,
            context.Request.Method,
            path.Value ?? "/",
            exchange.Replica,
            exchange.Status,
            elapsed.TotalMilliseconds,
            exchange.Waited.TotalMilliseconds,
            exchange.RunTimeMs);
        route.Counters.Record(sample);
        RouterLog.Access(logger, route.Name, sample.Method, sample.Path, exchange.Replica ?? "-", exchange.Status, sample.DurationMs, sample.QueueWaitMs, exchange.RequestId);
    }
}
