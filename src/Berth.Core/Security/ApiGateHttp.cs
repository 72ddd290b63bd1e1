using Berth.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Security;

/// <summary>Applies an <see cref="ApiGate"/> to an ASP.NET Core request: the one place the server's API and the router's admin API read a request's facts.</summary>
public static class ApiGateHttp
{
    /// <summary>Throws the gate's refusal (a <see cref="BerthException"/>, with <c>WWW-Authenticate: Bearer</c> set for 401s) when the request may not pass.</summary>
    public static void Enforce(this ApiGate gate, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(context);
        if (gate.Refusal(FactsOf(context)) is { } refusal)
        {
            if (refusal.Code is ErrorCodes.AuthRequired or ErrorCodes.AuthInvalid)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            throw refusal;
        }
    }

    /// <summary>What the gate judges: method, Host, Origin, Sec-Fetch-Site, content type, whether a body comes, the credential, port and scheme.</summary>
    public static ApiRequestFacts FactsOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
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
