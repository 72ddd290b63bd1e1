using System.Security.Cryptography;
using System.Text;

namespace Berth.Security;

/// <summary>
/// The credentials Berth keeps on disk (the workspace token, the router's admin token): 32 random bytes in
/// base64url, one per file, readable by the owner only, written atomically (a temporary file, then a rename).
/// </summary>
public static class SecretFile
{
    /// <summary>rw------- (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const string BearerScheme = "Bearer ";

    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The secret in <paramref name="path"/>, or null when the file is missing, empty or unreadable.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The secret in <paramref name="path"/> (made owner-only if it was not), or a new one written there.</summary>
    public static string ReadOrCreate(string path)
    {
        if (TryRead(path) is { } existing)
        {
            File.SetUnixFileMode(path, OwnerOnly);
            return existing;
        }

        var secret = NewSecret();
        Write(path, secret);
        return secret;
    }

    /// <summary>Writes <paramref name="secret"/> to <paramref name="path"/> atomically, mode 0600 from the start.</summary>
    public static void Write(string path, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(secret + "\n"));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The credential of an <c>Authorization: Bearer &lt;secret&gt;</c> header, or null when there is none.</summary>
    public static string? BearerValue(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = authorization[BearerScheme.Length..].Trim();
        return value.Length > 0 ? value : null;
    }

    /// <summary>Compares in constant time (over SHA-256 digests, so not even the length leaks).</summary>
    public static bool Matches(string expected, string? presented)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }

        var want = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var got = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(want, got);
    }
}
