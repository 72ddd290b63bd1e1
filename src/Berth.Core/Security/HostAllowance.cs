using System.Net;

namespace Berth.Security;

/// <summary>
/// The host names a Berth API answers to. An IP literal cannot be rebound by DNS, so any loopback IP is allowed, and
/// so is the address the server listens on beyond this machine (any IP when that is a wildcard). A name is allowed
/// only when listed: <c>localhost</c>, and the names of the server's TLS certificate.
/// </summary>
public sealed record HostAllowance(IPAddress? ListenAddress, IReadOnlyCollection<string> Names)
{
    /// <summary>Loopback only: 127.0.0.1, [::1], localhost.</summary>
    public static HostAllowance Loopback { get; } = new(null, ["localhost"]);

    public bool Allows(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return IPAddress.IsLoopback(address) || ListenAllows(address);
        }

        return Names.Contains(host, StringComparer.OrdinalIgnoreCase);
    }

    private bool ListenAllows(IPAddress address) =>
        ListenAddress is { } listen && !IPAddress.IsLoopback(listen)
        && (listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any) || listen.Equals(address));
}
