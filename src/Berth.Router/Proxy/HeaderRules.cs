namespace Berth.Router.Proxy;

/// <summary>Which headers the router does not copy between caller and replica.</summary>
internal static class HeaderRules
{
    public const string RequestId = "x-request-id";
    public const string RunTime = "x-ms-run-fn-exec-ms";
    public const string ReplicaToken = Berth.Security.ReplicaSecret.HeaderName;

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    /// <summary>
    /// Request headers not forwarded: hop-by-hop ones, Host and Expect (the client sets its own), x-request-id (the
    /// router sets the resolved one), X-Berth-Replica-Token (only the router may send it: a client's copy would let
    /// it forge the router's) and, when the route checks keys, Authorization (a key never reaches a replica).
    /// </summary>
    public static bool SkipRequestHeader(string name, bool authEnabled) =>
        HopByHop.Contains(name)
        || name.Equals(ReplicaToken, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)
        || name.Equals(RequestId, StringComparison.OrdinalIgnoreCase)
        || (authEnabled && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase));

    /// <summary>Response headers not copied: hop-by-hop ones, x-request-id (already set) and Content-Length (the router sets it).</summary>
    public static bool SkipResponseHeader(string name) =>
        HopByHop.Contains(name)
        || name.Equals(RequestId, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request id to use: the caller's x-request-id when it sent one, else a new UUID.</summary>
    public static string ResolveRequestId(string? sent, Func<Guid> newId) =>
        string.IsNullOrEmpty(sent) ? newId().ToString("D") : sent;
}
