namespace Berth.Security;

/// <summary>
/// Where a request to a Berth API may come from, the way Jupyter checks it: a Host naming this server (else DNS
/// rebinding), no foreign Origin and no cross-site fetch (else a web page), and JSON for writes (a page can POST
/// <c>text/plain</c> across origins without asking). Pure: each check returns why it refuses, or null.
/// </summary>
public static class RequestSourceRules
{
    /// <summary>The bodies a write may carry: JSON, and tar for uploads.</summary>
    public static readonly IReadOnlyList<string> WriteMediaTypes = ["application/json", "application/x-tar"];

    public static string? CheckHost(string? host, int localPort, bool https, HostAllowance allowance)
    {
        ArgumentNullException.ThrowIfNull(allowance);
        if (string.IsNullOrEmpty(host))
        {
            return "the request has no Host header";
        }

        if (!TryParseAuthority(host, https, out var name, out var port) || !allowance.Allows(name))
        {
            return $"Host \"{host}\" does not name this server (a web page using DNS rebinding looks like this)";
        }

        return port == localPort ? null : $"Host \"{host}\" names port {port}, but this server listens on {localPort}";
    }

    public static string? CheckOrigin(string? origin, int localPort, bool https, HostAllowance allowance)
    {
        ArgumentNullException.ThrowIfNull(allowance);
        if (origin is null)
        {
            return null;
        }

        var scheme = https ? "https://" : "http://";
        var same = origin.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && TryParseAuthority(origin[scheme.Length..], https, out var name, out var port)
            && allowance.Allows(name) && port == localPort;
        return same ? null : $"requests from the web page at Origin \"{origin}\" are not accepted";
    }

    /// <summary>Browsers say where a request comes from in Sec-Fetch-Site; only the server's own origin, or none (typed by the user), may call.</summary>
    public static string? CheckFetchSite(string? fetchSite) =>
        fetchSite is null || fetchSite.Equals("same-origin", StringComparison.OrdinalIgnoreCase) || fetchSite.Equals("none", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"a {fetchSite} request from a web page is not accepted";

    /// <summary>POST, PUT and PATCH always carry a typed body; DELETE when it has a body at all.</summary>
    public static bool NeedsMediaType(string method, bool hasBody)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.ToUpperInvariant() switch
        {
            "POST" or "PUT" or "PATCH" => true,
            "DELETE" => hasBody,
            _ => false,
        };
    }

    /// <summary>True when the media type of <paramref name="contentType"/> (parameters such as charset ignored) is one of <paramref name="allowed"/>.</summary>
    public static bool IsAllowedMediaType(string? contentType, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var media = contentType.Split(';', 2)[0].Trim();
        return allowed.Contains(media, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Splits "host[:port]" ("[::1]:7700", "localhost"); the port defaults to the scheme's.</summary>
    private static bool TryParseAuthority(string authority, bool https, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        if (authority.Length == 0 || authority.IndexOfAny(['/', '@', '?', '#', '\\', ' ']) >= 0
            || !Uri.TryCreate((https ? "https://" : "http://") + authority, UriKind.Absolute, out var uri))
        {
            return false;
        }

        host = uri.Host;
        port = uri.Port;
        return true;
    }
}
