namespace Berth.Scoring.Http;

/// <summary>
/// The request-id header rules (contract §1.6): which ids go back, and the 431s for ids over
/// 100 characters. Pure: the caller passes the request's values and a fresh id.
/// </summary>
internal sealed record RequestIds(string? RequestId, string? MsRequestId, string? ClientRequestId, string? Error431)
{
    public const int MaxLength = 100;
    public const string RequestIdTooLong = "x-request-id must not exceed 100 characters";
    public const string ClientIdsTooLong = "x-ms-request-id and x-ms-client-request-id must not exceed 100 characters";

    /// <param name="a">the request's x-request-id, if any</param>
    /// <param name="b">the request's x-ms-request-id, if any</param>
    /// <param name="c">the request's x-ms-client-request-id, if any</param>
    /// <param name="newId">produces an id when the request has no x-request-id</param>
    public static RequestIds Resolve(string? a, string? b, string? c, Func<string> newId)
    {
        if (a is { Length: > MaxLength })
        {
            return new RequestIds(null, null, null, RequestIdTooLong);
        }

        var requestId = string.IsNullOrEmpty(a) ? newId() : a;
        if (b is { Length: > MaxLength } || c is { Length: > MaxLength })
        {
            return new RequestIds(requestId, null, null, ClientIdsTooLong);
        }

        b = string.IsNullOrEmpty(b) ? null : b;
        c = string.IsNullOrEmpty(c) ? null : c;
        return new RequestIds(requestId, b ?? c ?? requestId, c ?? b, null);
    }
}
