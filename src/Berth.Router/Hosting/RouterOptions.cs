using System.Globalization;
using Berth.Errors;
using Berth.Hosting;

namespace Berth.Router.Hosting;

/// <summary>
/// Command-line options of <c>berth-router</c>: <c>--state-dir DIR</c> (routes.json, router.json; default
/// BERTH_HOME/router or ~/.berth/router), <c>--url http://127.0.0.1:PORT</c> (default port 0: a free one),
/// <c>--body-idle-timeout-ms N</c> (a request body that pauses this long gets 408), and <c>--log-file PATH</c>
/// with <c>--log-max-bytes N</c> and <c>--log-files K</c> (the log goes to PATH, rotated at N bytes, K files kept;
/// without <c>--log-file</c> it goes to standard output).
/// </summary>
internal sealed record RouterOptions(Uri Url, string StateDirectory)
{
    public const string Usage = "usage: berth-router [--state-dir DIR] [--url http://127.0.0.1:PORT] [--body-idle-timeout-ms N] [--log-file PATH [--log-max-bytes N] [--log-files K]]";

    public const long DefaultLogMaxBytes = 10L * 1024 * 1024;

    public const int DefaultLogFiles = 5;

    public TimeSpan BodyIdleTimeout { get; init; } = Proxy.ProxySettings.DefaultBodyIdleTimeout;

    public string? LogFile { get; init; }

    public long LogMaxBytes { get; init; } = DefaultLogMaxBytes;

    public int LogFiles { get; init; } = DefaultLogFiles;

    public static RouterOptions Parse(string[] args)
    {
        var values = ProgramArguments.Read(args, ["--url", "--state-dir", "--body-idle-timeout-ms", "--log-file", "--log-max-bytes", "--log-files"], Usage);
        var url = values.GetValueOrDefault("--url");
        var state = values.GetValueOrDefault("--state-dir");
        url ??= "http://127.0.0.1:0";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || (uri.Host != "127.0.0.1" && uri.Host != "localhost"))
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"\"{url}\" is not an http://127.0.0.1:PORT address", "the router listens on 127.0.0.1 only; pass --url http://127.0.0.1:PORT (0 picks a free port)");
        }

        state ??= Path.Combine(BerthHome.Resolve(), "router");
        var log = values.GetValueOrDefault("--log-file");
        return new RouterOptions(uri, Path.GetFullPath(state))
        {
            BodyIdleTimeout = TimeSpan.FromMilliseconds(Number(values, "--body-idle-timeout-ms", (long)Proxy.ProxySettings.DefaultBodyIdleTimeout.TotalMilliseconds, 100, int.MaxValue)),
            LogFile = log is null ? null : Path.GetFullPath(log),
            LogMaxBytes = Number(values, "--log-max-bytes", DefaultLogMaxBytes, 1024, long.MaxValue),
            LogFiles = (int)Number(values, "--log-files", DefaultLogFiles, 1, 100),
        };
    }

    private static long Number(IReadOnlyDictionary<string, string> values, string name, long fallback, long min, long max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new BerthException(ErrorCodes.RequestInvalid, $"{name} \"{text}\" is not a whole number from {min} to {max}", Usage);
    }
}
