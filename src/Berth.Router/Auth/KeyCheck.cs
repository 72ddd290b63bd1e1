using System.Security.Cryptography;
using System.Text;

namespace Berth.Router.Auth;

/// <summary>
/// A service's keys as SHA-256 digests, and the check of an <c>Authorization: Bearer &lt;key&gt;</c> header against
/// them in constant time (digests have one length, so not even the key's length leaks).
/// </summary>
internal sealed class KeyCheck
{
    private readonly byte[]? _primary;
    private readonly byte[]? _secondary;

    private KeyCheck(byte[]? primary, byte[]? secondary)
    {
        _primary = primary;
        _secondary = secondary;
    }

    /// <summary>No keys: every request passes.</summary>
    public static KeyCheck Open { get; } = new(null, null);

    public bool Enabled => _primary is not null || _secondary is not null;

    public static KeyCheck For(bool authEnabled, string? primaryKey, string? secondaryKey) =>
        authEnabled ? new KeyCheck(Digest(primaryKey), Digest(secondaryKey)) : Open;

    /// <summary>True when auth is off, or the header is <c>Bearer</c> and a key that matches the primary or the secondary.</summary>
    public bool Allows(string? authorization)
    {
        if (!Enabled)
        {
            return true;
        }

        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = authorization.AsSpan(Scheme.Length).Trim();
        if (presented.IsEmpty)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToString());
        SHA256.HashData(bytes, digest);
        var primary = _primary is not null && CryptographicOperations.FixedTimeEquals(digest, _primary);
        var secondary = _secondary is not null && CryptographicOperations.FixedTimeEquals(digest, _secondary);
        return primary | secondary;
    }

    private static byte[]? Digest(string? key) => string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
