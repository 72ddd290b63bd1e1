using Berth.Errors;

namespace Berth.Security;

/// <summary>
/// The checks every control-plane call passes (the server's /api/v1 and the router's /admin/v1): where it comes
/// from (<see cref="RequestSourceRules"/>), then its bearer token, then the type of a write's body. Returns the
/// refusal as a <see cref="BerthException"/> whose code decides the status (403, 401, 415), or null.
/// </summary>
public sealed class ApiGate(string token, HostAllowance hosts, string tokenHint)
{
    public HostAllowance Hosts => hosts;

    public BerthException? Refusal(ApiRequestFacts request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var foreign = RequestSourceRules.CheckHost(request.Host, request.LocalPort, request.Https, hosts)
            ?? RequestSourceRules.CheckOrigin(request.Origin, request.LocalPort, request.Https, hosts)
            ?? RequestSourceRules.CheckFetchSite(request.FetchSite);
        if (foreign is not null)
        {
            return new BerthException(
                ErrorCodes.RequestForbidden, foreign,
                "call this API with the berth CLI or SDK, or from a program on this machine, at the address the server printed");
        }

        var presented = SecretFile.BearerValue(request.Authorization);
        if (presented is null)
        {
            return new BerthException(ErrorCodes.AuthRequired, "this API needs an Authorization: Bearer <token> header", tokenHint);
        }

        if (!SecretFile.Matches(token, presented))
        {
            return new BerthException(ErrorCodes.AuthInvalid, "the token sent is not this server's token", tokenHint);
        }

        if (RequestSourceRules.NeedsMediaType(request.Method, request.HasBody)
            && !RequestSourceRules.IsAllowedMediaType(request.ContentType, RequestSourceRules.WriteMediaTypes))
        {
            return new BerthException(
                ErrorCodes.RequestUnsupportedMediaType,
                $"{request.Method} needs a JSON body with Content-Type: application/json (this one has {request.ContentType ?? "no Content-Type"})",
                "send the body as JSON with Content-Type: application/json (uploads: application/x-tar)");
        }

        return null;
    }
}
