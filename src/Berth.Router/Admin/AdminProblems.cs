using System.Diagnostics;
using Berth.Router.Hosting;
using Berth.Errors;
using Berth.Router.Table;

namespace Berth.Router.Admin;

/// <summary>
/// Turns admin API failures into RFC 9457 problem details with <c>code</c>, <c>hint</c>, <c>traceId</c> and, for
/// validation failures, <c>issues</c>. 4xx at Debug, 5xx at Error; no stack trace reaches the caller.
/// </summary>
internal sealed class AdminProblems(RequestDelegate next, ILogger<AdminProblems> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BerthException e) when (!context.Response.HasStarted)
        {
            RouterLog.ClientError(logger, context.Request.Method, context.Request.Path, ProblemDocument.StatusOf(e), e.Code, e.Message);
            await WriteAsync(context, e);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            RouterLog.ServerError(logger, e, context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, new BerthException(ErrorCodes.Internal, "the router failed to handle the request", $"see the router log for trace {traceId}"));
        }
    }

    private static Task WriteAsync(HttpContext context, BerthException error)
    {
        var extensions = new Dictionary<string, object?>();
        if (error is PortConflictException conflict)
        {
            extensions["port"] = conflict.Port;
            extensions["pid"] = conflict.Holder?.Pid;
            extensions["process"] = conflict.Holder?.Name;
        }

        context.Response.StatusCode = ProblemDocument.StatusOf(error);
        context.Response.ContentType = ProblemDocument.ContentType;
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        return ProblemDocument.WriteAsync(context.Response.Body, ProblemDocument.For(error, context.Request.Path, traceId, extensions), context.RequestAborted);
    }
}
