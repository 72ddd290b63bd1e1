namespace Berth.Configuration;

/// <summary>TLS for the service: <c>sslEnabled</c>, <c>sslCertificate</c>, <c>sslKey</c> (absolute paths) and <c>cname</c>.</summary>
public sealed record SslSettings(bool Enabled, string? CertificateFile, string? KeyFile, string? Cname)
{
    public static SslSettings Disabled { get; } = new(false, null, null, null);
}
