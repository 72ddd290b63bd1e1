using Berth.Errors;
using Berth.Hosting;

namespace Berth.Server;

/// <summary>Command-line options of <c>berth-server</c>: <c>--url</c> (default BERTH_URL or http://127.0.0.1:7700) and <c>--home</c> (default BERTH_HOME or ~/.berth).</summary>
internal sealed record ServerOptions(Uri Url, string? Home)
{
    public const string DefaultUrl = "http://127.0.0.1:7700";

    public static ServerOptions Parse(string[] args)
    {
        var values = ProgramArguments.Read(args, ["--url", "--home"], "usage: berth-server [--url http://127.0.0.1:7700] [--home DIR]");
        var url = values.GetValueOrDefault("--url");
        var home = values.GetValueOrDefault("--home");
        url ??= Environment.GetEnvironmentVariable("BERTH_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"\"{url}\" is not an http:// address", "pass --url http://127.0.0.1:PORT (port 0 picks a free one)");
        }

        return new ServerOptions(uri, home);
    }
}
