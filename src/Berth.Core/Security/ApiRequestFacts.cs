namespace Berth.Security;

/// <summary>What <see cref="ApiGate"/> looks at in a request: its method, headers and the connection it came in on.</summary>
public sealed record ApiRequestFacts(
    string Method,
    string? Host,
    string? Origin,
    string? FetchSite,
    string? ContentType,
    bool HasBody,
    string? Authorization,
    int LocalPort,
    bool Https);
