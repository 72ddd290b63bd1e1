using Berth.Errors;
using Berth.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Router.Admin;

/// <summary>
/// Guards /admin/v1: a loopback Host with the router's port, no foreign Origin or cross-site fetch, the admin token,
/// and JSON for writes; a refusal becomes problem details (403, 401, 415) through <see cref="AdminProblems"/>. The
/// cluster paths and /metrics are the data plane and pass untouched (the front door's key check guards scoring).
/// </summary>
internal sealed class AdminGuard(RequestDelegate next, ApiGate gate)
{
    private static readonly PathString Prefix = "/admin";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Prefix) && gate.Refusal(FactsOf(context)) is { } refusal)
        {
            if (refusal.Code is ErrorCodes.AuthRequired or ErrorCodes.AuthInvalid)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            throw refusal;
        }

        return next(context);
    }

    private static ApiRequestFacts FactsOf(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false));
        return new ApiRequestFacts(
            request.Method,
            request.Host.HasValue ? request.Host.Value : null,
            headers.Origin.Count > 0 ? headers.Origin.ToString() : null,
            headers.TryGetValue("Sec-Fetch-Site", out var site) ? site.ToString() : null,
            request.ContentType,
            hasBody,
            headers.Authorization.Count > 0 ? headers.Authorization.ToString() : null,
            context.Connection.LocalPort,
            request.IsHttps);
    }
}
