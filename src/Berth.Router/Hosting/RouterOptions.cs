using Berth.Errors;
using Berth.Hosting;

namespace Berth.Router.Hosting;

/// <summary>
/// Command-line options of <c>berth-router</c>: <c>--state-dir DIR</c> (routes.json, router.json; default
/// BERTH_HOME/router or ~/.berth/router) and <c>--url http://127.0.0.1:PORT</c> (default port 0: a free one).
/// </summary>
internal sealed record RouterOptions(Uri Url, string StateDirectory)
{
    public const string Usage = "usage: berth-router [--state-dir DIR] [--url http://127.0.0.1:PORT]";

    public static RouterOptions Parse(string[] args)
    {
        var values = ProgramArguments.Read(args, ["--url", "--state-dir"], Usage);
        var url = values.GetValueOrDefault("--url");
        var state = values.GetValueOrDefault("--state-dir");
        url ??= "http://127.0.0.1:0";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || (uri.Host != "127.0.0.1" && uri.Host != "localhost"))
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"\"{url}\" is not an http://127.0.0.1:PORT address", "the router listens on 127.0.0.1 only; pass --url http://127.0.0.1:PORT (0 picks a free port)");
        }

        state ??= Path.Combine(BerthHome.Resolve(), "router");
        return new RouterOptions(uri, Path.GetFullPath(state));
    }
}
