using System.Buffers;
using System.Globalization;
using System.Text.Json;
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
    /// <summary>Bodies up to this size are read whole before the caller sees a status, so a replica that drops mid-body gets a clean 502.</summary>
    private const int BufferedBodyBytes = 64 * 1024;

    /// <summary>Status recorded when the caller went away before the answer (nginx's convention).</summary>
    private const int ClientClosed = 499;

    public async Task HandleAsync(HttpContext context, ServiceRoute route, PathString path)
    {
        var started = time.GetTimestamp();
        var settings = route.Settings;
        var requestId = HeaderRules.ResolveRequestId(context.Request.Headers[HeaderRules.RequestId], Guid.NewGuid);
        context.Response.Headers[HeaderRules.RequestId] = requestId;
        var exchange = new Exchange(route.Name, settings.Spec, requestId);
        try
        {
            if (!settings.Keys.Allows(context.Request.Headers.Authorization))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteErrorAsync(context, exchange, StatusMapping.Unauthorized(route.Name));
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
                await WriteErrorAsync(context, exchange, StatusMapping.Internal(route.Name, exchange.RequestId));
            }
        }

        Record(context, route, path, exchange, time.GetElapsedTime(started));
    }

    private async Task DispatchAsync(HttpContext context, ServiceRoute route, PathString path, Exchange exchange)
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
                replica.CountServed();
            }

            if (refused is not { } error)
            {
                return;
            }

            route.Scheduler.Eject(replica);
            if (!PassiveHealth.ShouldRetry(attempt, route.Scheduler.Current.Count))
            {
                await WriteErrorAsync(context, exchange, error);
                return;
            }
        }
    }

    private static async Task RejectAsync(HttpContext context, ServiceRoute route, Exchange exchange, Admission outcome)
    {
        if (outcome == Admission.RejectNoReplicas)
        {
            await WriteErrorAsync(context, exchange, StatusMapping.NoReplicas(route.Name));
            return;
        }

        context.Response.Headers.RetryAfter = QueueAdmission.RetryAfterSeconds(exchange.Spec.MaxQueueWaitMs).ToString(CultureInfo.InvariantCulture);
        await WriteErrorAsync(context, exchange, StatusMapping.Overloaded(route.Name, exchange.Spec.MaxQueueWaitMs));
    }

    /// <summary>
    /// Sends the request to <paramref name="replica"/> and relays its answer. Returns the 502 without writing it when
    /// the replica refused the connection: the request never reached it, so another replica may take it.
    /// </summary>
    private async Task<RouterError?> ForwardAsync(HttpContext context, ReplicaState replica, PathString path, Exchange exchange)
    {
        // One source for both ends: the scoring timeout, and the caller going away (checked apart via RequestAborted).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(exchange.Spec.ScoringTimeoutMs), time);
        using var callerGone = context.RequestAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        var cancel = timeout.Token;
        using var request = RequestBuilder.Build(context, replica.BaseUrl, path, exchange.RequestId, exchange.Spec.AuthEnabled);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, cancel);
        }
        catch (Exception) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            await WriteErrorAsync(context, exchange, StatusMapping.Timeout(exchange.Service, exchange.Spec.ScoringTimeoutMs));
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

            await WriteErrorAsync(context, exchange, StatusMapping.Dropped(exchange.Service, replica.Id));
            return null;
        }

        using (response)
        {
            await RelayAsync(context, response, replica, exchange, timeout, cancel);
        }

        return null;
    }

    private async Task RelayAsync(HttpContext context, HttpResponseMessage response, ReplicaState replica, Exchange exchange, CancellationTokenSource timeout, CancellationToken cancel)
    {
        exchange.RunTimeMs = ParseRunTime(response);
        var body = await response.Content.ReadAsStreamAsync(cancel);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferedBodyBytes);
        try
        {
            var (filled, ended, failure) = await FillAsync(body, buffer, timeout, context, exchange, replica, cancel);
            if (failure is { } error)
            {
                await WriteErrorAsync(context, exchange, error);
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
            await StreamRestAsync(context, body, replica, exchange, timeout, cancel);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(int Filled, bool Ended, RouterError? Failure)> FillAsync(
        Stream body, byte[] buffer, CancellationTokenSource timeout, HttpContext context, Exchange exchange, ReplicaState replica, CancellationToken cancel)
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
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
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
    private async Task StreamRestAsync(HttpContext context, Stream body, ReplicaState replica, Exchange exchange, CancellationTokenSource timeout, CancellationToken cancel)
    {
        try
        {
            await body.CopyToAsync(context.Response.Body, cancel);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
        {
            exchange.Status = timeout.IsCancellationRequested ? 504 : 502;
            RouterLog.ReplicaFailed(logger, exchange.Service, replica.Id, "the response was cut off after it started: " + e.Message);
            context.Abort();
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, Exchange exchange, RouterError error)
    {
        exchange.Status = error.Status;
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(error.Message), RouterJson.Options);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static double? ParseRunTime(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues(HeaderRules.RunTime, out var values)
        && double.TryParse(values.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : null;

    private void Record(HttpContext context, ServiceRoute route, PathString path, Exchange exchange, TimeSpan elapsed)
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

    /// <summary>What one request did, filled in as it goes.</summary>
    private sealed class Exchange(string service, RouteSpec spec, string requestId)
    {
        public string Service { get; } = service;

        public RouteSpec Spec { get; } = spec;

        public string RequestId { get; } = requestId;

        public string? Replica { get; set; }

        public int Status { get; set; }

        public TimeSpan Waited { get; set; }

        public double? RunTimeMs { get; set; }
    }
}
