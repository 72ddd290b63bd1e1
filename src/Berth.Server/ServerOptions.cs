using System.Net;
using Berth.Errors;
using Berth.Hosting;

namespace Berth.Server;

/// <summary>
/// Command-line options of <c>berth-server</c>: <c>--url</c> (default BERTH_URL or http://127.0.0.1:7700), <c>--home</c>
/// (default BERTH_HOME or ~/.berth) and, to listen beyond this machine, <c>--tls-cert FILE --tls-key FILE</c> (PEM).
/// </summary>
internal sealed record ServerOptions(Uri Url, string? Home, string? TlsCertificate = null, string? TlsKey = null)
{
    public const string DefaultUrl = "http://127.0.0.1:7700";

    private const string Usage = "usage: berth-server [--url http://127.0.0.1:7700] [--home DIR] [--tls-cert FILE --tls-key FILE]";

    /// <summary>True when the server listens on an address other hosts can reach.</summary>
    public bool IsExposed => !IsLoopback(Url.Host);

    public static ServerOptions Parse(string[] args)
    {
        var values = ProgramArguments.Read(args, ["--url", "--home", "--tls-cert", "--tls-key"], Usage);
        var url = values.GetValueOrDefault("--url") ?? Environment.GetEnvironmentVariable("BERTH_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"\"{url}\" is not an http:// or https:// address", "pass --url http://127.0.0.1:PORT (port 0 picks a free one)");
        }

        var options = new ServerOptions(uri, values.GetValueOrDefault("--home"), values.GetValueOrDefault("--tls-cert"), values.GetValueOrDefault("--tls-key"));
        options.CheckTls();
        return options;
    }

    /// <summary>Beyond loopback only with TLS (and then https://); TLS needs both files.</summary>
    private void CheckTls()
    {
        var tls = TlsCertificate is not null || TlsKey is not null;
        if (tls && (TlsCertificate is null || TlsKey is null))
        {
            throw new BerthException(ErrorCodes.ServerTlsInvalid, "TLS needs both --tls-cert and --tls-key", Usage);
        }

        if (IsExposed && !tls)
        {
            throw new BerthException(
                ErrorCodes.ServerTlsRequired,
                $"refusing to listen on {Url.Host}, beyond this machine, without TLS: anyone on the network could read the token and the keys",
                "listen on 127.0.0.1 (the default), or pass --tls-cert FILE --tls-key FILE (PEM) with an https:// --url");
        }

        if (tls != (Url.Scheme == Uri.UriSchemeHttps))
        {
            throw new BerthException(
                ErrorCodes.ServerTlsInvalid,
                tls ? $"--tls-cert is given but --url {Url} is not https://" : $"--url {Url} is https:// but no --tls-cert and --tls-key are given",
                "with TLS use --url https://HOST:PORT --tls-cert FILE --tls-key FILE; without it, http://127.0.0.1:PORT");
        }
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
