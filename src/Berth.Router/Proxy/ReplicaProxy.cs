using System.Globalization;
using Berth.Api.V1;
using Berth.Router.Hosting;
using Berth.Router.Routing;
using Berth.Router.Stats;
using Berth.Router.Table;

namespace Berth.Router.Proxy;

/// <summary>
/// The data plane's I/O: checks the key, takes a replica slot (or answers 503), forwards the request with a timeout,
/// and relays the answer under azureml-fe's status rules. Decisions live in <see cref="StatusMapping"/>,
/// <see cref="QueueAdmission"/> and <see cref="ReplicaBalancer"/>.
/// </summary>
internal sealed class ReplicaProxy(HttpMessageInvoker invoker, TimeProvider time, ProxySettings settings, RouterMeter meter, ILogger<ReplicaProxy> logger)
{
    private readonly ReplicaForwarder _forwarder = new(invoker, time, settings, logger);

    public async Task HandleAsync(HttpContext context, ServiceRoute route, PathString path)
    {
        var started = time.GetTimestamp();
        var settings = route.Settings;
        var requestId = HeaderRules.ResolveRequestId(context.Request.Headers[HeaderRules.RequestId], Guid.NewGuid);
        context.Response.Headers[HeaderRules.RequestId] = requestId;
        var exchange = new ProxyExchange(context, route.Name, settings.Spec, requestId) { Path = path };
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
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            exchange.Error = ProxyError.ClientGone;
            exchange.Status = StatusMapping.StatusOf(ProxyError.ClientGone);
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
        if (context.Request.ContentLength is long length && length > ReplicaForwarder.MaxBodyBytes(context))
        {
            // Refused before it takes a slot: the body is never read.
            exchange.Error = ProxyError.BodyTooLarge;
            context.Response.Headers.Connection = "close";
            await ErrorResponses.WriteAsync(exchange, StatusMapping.ClientFault(route.Name, ProxyError.BodyTooLarge, ReplicaForwarder.MaxBodyBytes(context), settings.BodyIdleTimeout, null));
            return;
        }

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
            var refused = await _forwarder.ForwardAsync(context, replica, path, exchange, () => route.Scheduler.Release(replica));
            replica.CountServed(failed: refused is not null || (!exchange.ClientFault && exchange.Status is 502 or 504));

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
        if (outcome == Admission.RejectNoReplicas)
        {
            exchange.Error = ProxyError.NoReplicas;
        }

        var error = outcome == Admission.RejectNoReplicas
            ? StatusMapping.NoReplicas(route.Name)
            : StatusMapping.Overloaded(route.Name, exchange.Spec.MaxQueueWaitMs);
        await ErrorResponses.WriteAsync(exchange, error);
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
        route.Counters.Record(sample, exchange.ClientFault, exchange.Error == ProxyError.NoReplicas);
        meter.RecordRequest(route.Name, elapsed, exchange.Waited);
        RouterLog.Access(logger, route.Name, sample.Method, sample.Path, exchange.Replica ?? "-", exchange.Status, sample.DurationMs, sample.QueueWaitMs, exchange.RequestId);
    }
}
