using Berth.Errors;
using Berth.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Server.Api;

/// <summary>
/// Lets through only calls from the workspace's owner: a Host naming this server, no foreign Origin or cross-site
/// fetch, the workspace token, and JSON (or tar) for writes. Runs before every endpoint, health included; a refusal
/// becomes a problem details response (403, 401 or 415) through <see cref="ProblemDetailsMiddleware"/>.
/// </summary>
internal sealed class ApiGuard(RequestDelegate next, ApiGate gate)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (gate.Refusal(FactsOf(context)) is { } refusal)
        {
            if (refusal.Code is ErrorCodes.AuthRequired or ErrorCodes.AuthInvalid)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            throw refusal;
        }

        return next(context);
    }

    internal static ApiRequestFacts FactsOf(HttpContext context)
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
