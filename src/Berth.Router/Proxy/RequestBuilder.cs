using Microsoft.AspNetCore.Http.Features;

namespace Berth.Router.Proxy;

/// <summary>
/// Builds the request to a replica from the caller's: same method, path, query, headers and streamed body, plus the
/// route's replica secret (<see cref="HeaderRules.ReplicaToken"/>) when it has one.
/// </summary>
internal static class RequestBuilder
{
    /// <summary>True when the caller's request has a body to forward.</summary>
    public static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;

    public static HttpRequestMessage Build(HttpContext context, string replicaBaseUrl, PathString path, string requestId, bool authEnabled, Stream? body, string? replicaToken = null)
    {
        var incoming = context.Request;
        var target = new Uri(replicaBaseUrl + path.ToUriComponent() + incoming.QueryString.ToUriComponent());
        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), target)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body is not null)
        {
            request.Content = new StreamContent(body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HeaderRules.SkipRequestHeader(name, authEnabled))
            {
                continue;
            }

            if (values.Count == 1)
            {
                var value = values.ToString();
                _ = request.Headers.TryAddWithoutValidation(name, value) || (request.Content?.Headers.TryAddWithoutValidation(name, value) ?? false);
            }
            else
            {
                IEnumerable<string?> list = values;
                _ = request.Headers.TryAddWithoutValidation(name, list) || (request.Content?.Headers.TryAddWithoutValidation(name, list) ?? false);
            }
        }

        request.Headers.TryAddWithoutValidation(HeaderRules.RequestId, requestId);
        if (replicaToken is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderRules.ReplicaToken, replicaToken);
        }

        return request;
    }
}
