using System.Diagnostics;
using System.Text.Json;
using Berth.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Berth.Server.Api;

/// <summary>
/// Turns every failure into an RFC 9457 problem details response with <c>code</c>, <c>hint</c>,
/// <c>traceId</c> and, for validation failures, <c>issues</c>. 4xx is logged at Debug, 5xx at Error; no
/// stack trace reaches the caller.
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
            var status = StatusFor(e.Code);
            ServerLog.ClientError(logger, context.Request.Method, context.Request.Path, status, e.Code, e.Message);
            await WriteAsync(context, status, e.Code, e.Message, e.Hint, (e as ConfigValidationException)?.Issues);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            ServerLog.ServerError(logger, e, context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, 500, ErrorCodes.Internal, "the server failed to handle the request", $"see the server log for trace {traceId}", null);
        }
    }

    /// <summary>The HTTP status for an error code: the part before the first dot decides nothing; the suffix does.</summary>
    internal static int StatusFor(string code) => code switch
    {
        _ when code.EndsWith(".not_found", StringComparison.Ordinal) => 404,
        ErrorCodes.ModelInUse or ErrorCodes.WorkspaceLocked => 409,
        "service.exists" or "service.busy" or "service.port_in_use" or "service.wrong_state" => 409,
        ErrorCodes.WorkspaceNotWritable => 507,
        ErrorCodes.UploadTooLarge => 413,
        ErrorCodes.UploadContentType => 415,
        ErrorCodes.ModelPathNotReadable or ErrorCodes.PathNotReadable or ErrorCodes.PathForbidden => 403,
        ErrorCodes.Internal => 500,
        _ when code.StartsWith(ErrorCodes.RequestInvalid + ".route", StringComparison.Ordinal) => 404,
        _ => 400,
    };

    private static async Task WriteAsync(HttpContext context, int status, string code, string detail, string? hint, IReadOnlyList<ConfigIssue>? issues)
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

        if (issues is not null)
        {
            problem.Extensions["issues"] = issues;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, options, context.RequestAborted);
    }
}
