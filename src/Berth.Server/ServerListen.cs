using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.Errors;
using Berth.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Berth.Server;

/// <summary>
/// Where and how the server listens: plain http on loopback, or TLS (a PEM certificate and key) beyond this machine,
/// said loudly; and the Host names the API then answers to.
/// </summary>
internal sealed class ServerListen
{
    private readonly ServerOptions _options;
    private readonly X509Certificate2? _certificate;

    public ServerListen(ServerOptions options)
    {
        _options = options;
        _certificate = options.TlsCertificate is { } cert && options.TlsKey is { } key ? Load(cert, key) : null;
        Hosts = new HostAllowance(Address, ["localhost", .. CertificateNames(_certificate)]);
    }

    public IPAddress Address => _options.Url.Host switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(_options.Url.Host.Trim('[', ']'), out var address) => address,
        _ => throw new BerthException(ErrorCodes.RequestInvalid, $"cannot listen on host \"{_options.Url.Host}\"", "use an IP address such as 127.0.0.1"),
    };

    public HostAllowance Hosts { get; }

    public void Configure(KestrelServerOptions kestrel) => kestrel.Listen(Address, _options.Url.Port, listen =>
    {
        if (_certificate is not null)
        {
            listen.UseHttps(_certificate);
        }
    });

    /// <summary>The warning line for a server other machines can reach (null on loopback).</summary>
    public string? ExposureWarning(string url, string tokenPath) => _options.IsExposed
        ? $"warning: berth-server listens on {url}, beyond this machine: anyone who can reach this address can try it (limit that with a firewall). "
          + $"Every call needs the token in {tokenPath}; whoever has it controls this workspace and runs code as user {Environment.UserName}."
        : null;

    private static X509Certificate2 Load(string certificate, string key)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new BerthException(
                ErrorCodes.ServerTlsInvalid, $"cannot read the TLS certificate {certificate} with key {key}: {e.Message}",
                "pass a PEM certificate (--tls-cert) and its PEM private key (--tls-key)");
        }
    }

    private static IEnumerable<string> CertificateNames(X509Certificate2? certificate) =>
        certificate?.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()) ?? [];
}
