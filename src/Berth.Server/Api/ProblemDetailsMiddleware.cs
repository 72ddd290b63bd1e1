using System.Diagnostics;
using Berth.Errors;

namespace Berth.Server.Api;

/// <summary>
/// Turns every failure into an RFC 9457 problem details response (<see cref="ProblemDocument"/>; the status comes from
/// <see cref="ErrorCatalog"/>). 4xx is logged at Debug, 5xx at Error; no stack trace reaches the caller.
/// </summary>
internal sealed class ProblemDetailsMiddleware(RequestDelegate next, ILogger<ProblemDetailsMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BerthException e) when (!context.Response.HasStarted)
        {
            var status = ProblemDocument.StatusOf(e);
            if (status >= 500)
            {
                ServerLog.ServerError(logger, e, context.Request.Method, context.Request.Path, TraceId(context));
            }
            else
            {
                ServerLog.ClientError(logger, context.Request.Method, context.Request.Path, status, e.Code, e.Message);
            }

            await WriteAsync(context, e);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var traceId = TraceId(context);
            ServerLog.ServerError(logger, e, context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, new BerthException(ErrorCodes.Internal, "the server failed to handle the request", $"see the server log for trace {traceId}"));
        }
    }

    /// <summary>Writes <paramref name="error"/> as the response; for middleware that refuses a request before the endpoints.</summary>
    public static async Task WriteAsync(HttpContext context, BerthException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = ProblemDocument.StatusOf(error);
        context.Response.ContentType = ProblemDocument.ContentType;
        await ProblemDocument.WriteAsync(context.Response.Body, ProblemDocument.For(error, context.Request.Path, TraceId(context)), context.RequestAborted);
    }

    private static string TraceId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;
}
