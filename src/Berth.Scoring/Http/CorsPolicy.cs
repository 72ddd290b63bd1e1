namespace Berth.Scoring.Http;

/// <summary>
/// CORS for /score (AML_CORS_ORIGINS): an allowed Origin is echoed in Access-Control-Allow-Origin on
/// GET and POST, and a preflight OPTIONS from it is answered; other origins get no CORS headers.
/// </summary>
internal sealed class CorsPolicy
{
    private readonly HashSet<string> _origins;
    private readonly bool _any;

    public CorsPolicy(IReadOnlyList<string> origins)
    {
        _origins = new HashSet<string>(origins, StringComparer.OrdinalIgnoreCase);
        _any = _origins.Contains("*");
    }

    public bool Enabled => _origins.Count > 0;

    /// <summary>The Access-Control-Allow-Origin value for <paramref name="origin"/>, or null when it is not allowed.</summary>
    public string? AllowOrigin(string? origin)
    {
        if (!Enabled || string.IsNullOrEmpty(origin)) return null;
        if (_any) return "*";
        return _origins.Contains(origin) ? origin : null;
    }

    /// <summary>True for a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Origin") && request.Headers.ContainsKey("Access-Control-Request-Method");

    /// <summary>Adds the CORS headers for this request when its origin is allowed.</summary>
    public void Apply(HttpContext ctx)
    {
        if (!Enabled) return;
        var allow = AllowOrigin(ctx.Request.Headers.Origin.ToString());
        if (allow is null) return;
        var headers = ctx.Response.Headers;
        headers.AccessControlAllowOrigin = allow;
        headers.Vary = "Origin";
        if (!IsPreflight(ctx.Request)) return;
        headers.AccessControlAllowMethods = "GET, POST";
        var requested = ctx.Request.Headers.AccessControlRequestHeaders.ToString();
        if (requested.Length > 0) headers.AccessControlAllowHeaders = requested;
    }
}
