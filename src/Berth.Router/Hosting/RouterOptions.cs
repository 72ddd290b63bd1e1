using System.ComponentModel.DataAnnotations;
using Berth.Hosting;

namespace Berth.Router.Hosting;

/// <summary>
/// The settings of <c>berth-router</c>, read through <see cref="ProgramSettings{T}"/> (command line, then environment,
/// then the JSON file of <c>--config-file</c> / <c>BERTH_ROUTER_CONFIG</c>, then defaults): <c>--state-dir DIR</c>
/// (routes.json, router.json; default BERTH_HOME/router or ~/.berth/router), <c>--url http://127.0.0.1:PORT</c> (default
/// port 0: a free one), <c>--body-idle-timeout-ms N</c> (a request body that pauses this long gets 408), and
/// <c>--log-file PATH</c> with <c>--log-max-bytes N</c> and <c>--log-files K</c> (the log goes to PATH, rotated at N bytes,
/// K files kept; without <c>--log-file</c> it goes to standard output).
/// </summary>
internal sealed record RouterOptions(Uri Url, string StateDirectory)
{
    public const string Usage = "usage: berth-router [--state-dir DIR] [--url http://127.0.0.1:PORT] [--body-idle-timeout-ms N] [--log-file PATH [--log-max-bytes N] [--log-files K]] [--config-file FILE]";

    public const long DefaultLogMaxBytes = 10L * 1024 * 1024;

    public const int DefaultLogFiles = 5;

    private static readonly ProgramSettings<RouterSettings> Settings = new(
        [
            new("url", "--url", "BERTH_ROUTER_URL"),
            new("stateDir", "--state-dir", "BERTH_ROUTER_STATE_DIR"),
            new("bodyIdleTimeoutMs", "--body-idle-timeout-ms", "BERTH_ROUTER_BODY_IDLE_TIMEOUT_MS"),
            new("logFile", "--log-file", "BERTH_ROUTER_LOG_FILE"),
            new("logMaxBytes", "--log-max-bytes", "BERTH_ROUTER_LOG_MAX_BYTES"),
            new("logFiles", "--log-files", "BERTH_ROUTER_LOG_FILES"),
        ],
        new("configFile", "--config-file", "BERTH_ROUTER_CONFIG"),
        Usage);

    public TimeSpan BodyIdleTimeout { get; init; } = Proxy.ProxySettings.DefaultBodyIdleTimeout;

    public string? LogFile { get; init; }

    public long LogMaxBytes { get; init; } = DefaultLogMaxBytes;

    public int LogFiles { get; init; } = DefaultLogFiles;

    /// <summary>Reads the settings; <paramref name="environment"/> replaces the process's environment (tests).</summary>
    public static RouterOptions Parse(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var s = Settings.Load(args, environment, CheckUrl);
        return new RouterOptions(new Uri(s.Url), Path.GetFullPath(s.StateDir ?? Path.Combine(BerthHome.Resolve(), "router")))
        {
            BodyIdleTimeout = TimeSpan.FromMilliseconds(s.BodyIdleTimeoutMs),
            LogFile = s.LogFile is null ? null : Path.GetFullPath(s.LogFile),
            LogMaxBytes = s.LogMaxBytes,
            LogFiles = s.LogFiles,
        };
    }

    /// <summary>The router listens on loopback, over plain http: only the server and the local callers reach it.</summary>
    private static IEnumerable<string> CheckUrl(RouterSettings s)
    {
        if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || (uri.Host != "127.0.0.1" && uri.Host != "localhost"))
        {
            yield return $"url (--url, BERTH_ROUTER_URL): \"{s.Url}\" is not an http://127.0.0.1:PORT address; the router listens on 127.0.0.1 only (0 picks a free port)";
        }
    }
}

/// <summary>The settings of <c>berth-router</c> as configured, checked by their ranges.</summary>
internal sealed class RouterSettings
{
    public string Url { get; set; } = "http://127.0.0.1:0";

    public string? StateDir { get; set; }

    [Range(100, int.MaxValue, ErrorMessage = "must be from {1} to {2} ms")]
    public int BodyIdleTimeoutMs { get; set; } = (int)Proxy.ProxySettings.DefaultBodyIdleTimeout.TotalMilliseconds;

    public string? LogFile { get; set; }

    [Range(1024L, long.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public long LogMaxBytes { get; set; } = RouterOptions.DefaultLogMaxBytes;

    [Range(1, 100, ErrorMessage = "must be from {1} to {2}")]
    public int LogFiles { get; set; } = RouterOptions.DefaultLogFiles;
}
