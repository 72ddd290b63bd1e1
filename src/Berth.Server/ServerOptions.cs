using Berth.Errors;

namespace Berth.Server;

/// <summary>Command-line options of <c>berth-server</c>: <c>--url</c> (default BERTH_URL or http://127.0.0.1:7700) and <c>--home</c> (default BERTH_HOME or ~/.berth).</summary>
internal sealed record ServerOptions(Uri Url, string? Home)
{
    public const string DefaultUrl = "http://127.0.0.1:7700";

    public static ServerOptions Parse(string[] args)
    {
        string? url = null;
        string? home = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when value is not null:
                    url = value;
                    i++;
                    break;
                case "--home" when value is not null:
                    home = value;
                    i++;
                    break;
                default:
                    throw new BerthException(ErrorCodes.RequestInvalid, $"unknown argument \"{args[i]}\"", "usage: berth-server [--url http://127.0.0.1:7700] [--home DIR]");
            }
        }

        url ??= Environment.GetEnvironmentVariable("BERTH_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"\"{url}\" is not an http:// address", "pass --url http://127.0.0.1:PORT (port 0 picks a free one)");
        }

        return new ServerOptions(uri, home);
    }
}
