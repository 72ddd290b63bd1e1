using System.Diagnostics;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Router.Hosting;
using Berth.Router.Table;
using Microsoft.AspNetCore.Mvc;

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
            var status = StatusFor(e.Code);
            RouterLog.ClientError(logger, context.Request.Method, context.Request.Path, status, e.Code, e.Message);
            await WriteAsync(context, status, e, (e as ConfigValidationException)?.Issues);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            RouterLog.ServerError(logger, e, context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, 500, ErrorCodes.Internal, "the router failed to handle the request", $"see the router log for trace {traceId}", new Dictionary<string, object?>());
        }
    }

    internal static int StatusFor(string code) => code switch
    {
        RouterErrorCodes.RouteNotFound or RouterErrorCodes.AdminRouteNotFound => 404,
        RouterErrorCodes.PortInUse => 409,
        ErrorCodes.AuthRequired or ErrorCodes.AuthInvalid => 401,
        ErrorCodes.RequestForbidden => 403,
        ErrorCodes.RequestUnsupportedMediaType => 415,
        ErrorCodes.Internal => 500,
        _ => 400,
    };

    private static Task WriteAsync(HttpContext context, int status, BerthException error, IReadOnlyList<ConfigIssue>? issues)
    {
        var extensions = new Dictionary<string, object?>();
        if (issues is not null)
        {
            extensions["issues"] = issues;
        }

        if (error is PortConflictException conflict)
        {
            extensions["port"] = conflict.Port;
            extensions["pid"] = conflict.Holder?.Pid;
            extensions["process"] = conflict.Holder?.Name;
        }

        return WriteAsync(context, status, error.Code, error.Message, error.Hint, extensions);
    }

    private static async Task WriteAsync(HttpContext context, int status, string code, string detail, string? hint, IReadOnlyDictionary<string, object?> extensions)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://berth.dev/errors/{code}",
            Title = code,
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        if (hint is not null)
        {
            problem.Extensions["hint"] = hint;
        }

        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, RouterJson.Options, context.RequestAborted);
    }
}
