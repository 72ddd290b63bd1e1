using System.ComponentModel.DataAnnotations;
using System.Net;
using Berth.Errors;
using Berth.Hosting;
using Berth.Services;

namespace Berth.Server;

/// <summary>
/// The settings of <c>berth-server</c> as the program uses them. <see cref="Parse"/> reads them through
/// <see cref="ProgramSettings{T}"/>: command line, then environment, then the JSON file of <c>--config-file</c> /
/// <c>BERTH_SERVER_CONFIG</c>, then the defaults; every error names its key.
/// </summary>
internal sealed record ServerOptions(Uri Url, string? Home, string? TlsCertificate = null, string? TlsKey = null)
{
    public const string DefaultUrl = "http://127.0.0.1:7700";

    private const string Usage = "usage: berth-server [--url http://127.0.0.1:7700] [--home DIR] [--tls-cert FILE --tls-key FILE] [--config-file FILE] [--restart-initial-delay-ms N] [--ready-timeout-s N] [--upload-max-bytes N]";

    private static readonly ProgramSettings<ServerSettings> Settings = new(
        [
            new("url", "--url", "BERTH_URL"),
            new("home", "--home", "BERTH_HOME"),
            new("tlsCert", "--tls-cert", "BERTH_TLS_CERT"),
            new("tlsKey", "--tls-key", "BERTH_TLS_KEY"),
            new("restartInitialDelayMs", "--restart-initial-delay-ms", "BERTH_RESTART_INITIAL_DELAY_MS"),
            new("restartMaxDelayMs", "--restart-max-delay-ms", "BERTH_RESTART_MAX_DELAY_MS"),
            new("readyTimeoutS", "--ready-timeout-s", "BERTH_READY_TIMEOUT_S"),
            new("schedulingTimeoutS", "--scheduling-timeout-s", "BERTH_SCHEDULING_TIMEOUT_S"),
            new("uploadMaxBytes", "--upload-max-bytes", "BERTH_UPLOAD_MAX_BYTES"),
        ],
        new("configFile", "--config-file", "BERTH_SERVER_CONFIG"),
        Usage);

    /// <summary>The restart backoff: 10 s doubling to 5 min, reset after 10 min of running, as Kubernetes.</summary>
    public RestartBackoffOptions Backoff { get; init; } = RestartBackoffOptions.Default;

    /// <summary>How long a new generation's replicas may take to get ready (init() and restarts included) before its rollout fails.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(ServerSettings.DefaultReadyTimeoutS);

    /// <summary>How long a cluster's scheduler may leave a replica unplaced before the deployment fails (the platform's 5 minutes).</summary>
    public TimeSpan SchedulingTimeout { get; init; } = TimeSpan.FromSeconds(ServerSettings.DefaultSchedulingTimeoutS);

    /// <summary>The largest upload (a model or an app folder) the API takes.</summary>
    public long UploadMaxBytes { get; init; } = ServerSettings.DefaultUploadMaxBytes;

    /// <summary>True when the server listens on an address other hosts can reach.</summary>
    public bool IsExposed => !IsLoopback(Url.Host);

    /// <summary>Reads the settings; <paramref name="environment"/> replaces the process's environment (tests).</summary>
    public static ServerOptions Parse(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var s = Settings.Load(args, environment, CheckTls);
        var url = new Uri(s.Url);
        return new ServerOptions(url, s.Home, s.TlsCert, s.TlsKey)
        {
            Backoff = RestartBackoffOptions.Default with
            {
                InitialDelay = TimeSpan.FromMilliseconds(s.RestartInitialDelayMs), MaxDelay = TimeSpan.FromMilliseconds(Math.Max(s.RestartMaxDelayMs, s.RestartInitialDelayMs)),
            },
            ReadyTimeout = TimeSpan.FromSeconds(s.ReadyTimeoutS),
            SchedulingTimeout = TimeSpan.FromSeconds(s.SchedulingTimeoutS),
            UploadMaxBytes = s.UploadMaxBytes,
        };
    }

    /// <summary>The URL is http(s); beyond loopback only with TLS (and then https://); TLS needs both files.</summary>
    private static IEnumerable<string> CheckTls(ServerSettings s)
    {
        if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"url (--url, BERTH_URL): \"{s.Url}\" is not an http:// or https:// address; pass --url http://127.0.0.1:PORT (port 0 picks a free one)";
            yield break;
        }

        var tls = s.TlsCert is not null || s.TlsKey is not null;
        if (tls && (s.TlsCert is null || s.TlsKey is null))
        {
            throw new BerthException(ErrorCodes.ServerTlsInvalid, "TLS needs both --tls-cert and --tls-key", Usage);
        }

        if (!IsLoopback(url.Host) && !tls)
        {
            throw new BerthException(
                ErrorCodes.ServerTlsRequired,
                $"refusing to listen on {url.Host}, beyond this machine, without TLS: anyone on the network could read the token and the keys",
                "listen on 127.0.0.1 (the default), or pass --tls-cert FILE --tls-key FILE (PEM) with an https:// --url");
        }

        if (tls != (url.Scheme == Uri.UriSchemeHttps))
        {
            throw new BerthException(
                ErrorCodes.ServerTlsInvalid,
                tls ? $"--tls-cert is given but --url {url} is not https://" : $"--url {url} is https:// but no --tls-cert and --tls-key are given",
                "with TLS use --url https://HOST:PORT --tls-cert FILE --tls-key FILE; without it, http://127.0.0.1:PORT");
        }
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

/// <summary>The settings of <c>berth-server</c> as configured: bound by <see cref="ProgramSettings{T}"/>, checked by their ranges.</summary>
internal sealed class ServerSettings
{
    public const int DefaultReadyTimeoutS = 120;

    public const int DefaultSchedulingTimeoutS = 300;

    public const long DefaultUploadMaxBytes = 20L << 30;

    public string Url { get; set; } = ServerOptions.DefaultUrl;

    public string? Home { get; set; }

    public string? TlsCert { get; set; }

    public string? TlsKey { get; set; }

    [Range(1, 3_600_000, ErrorMessage = "must be from {1} to {2} ms")]
    public int RestartInitialDelayMs { get; set; } = (int)RestartBackoffOptions.Default.InitialDelay.TotalMilliseconds;

    [Range(1, 86_400_000, ErrorMessage = "must be from {1} to {2} ms")]
    public int RestartMaxDelayMs { get; set; } = (int)RestartBackoffOptions.Default.MaxDelay.TotalMilliseconds;

    [Range(1, 86_400, ErrorMessage = "must be from {1} to {2} seconds")]
    public int ReadyTimeoutS { get; set; } = DefaultReadyTimeoutS;

    [Range(1, 86_400, ErrorMessage = "must be from {1} to {2} seconds")]
    public int SchedulingTimeoutS { get; set; } = DefaultSchedulingTimeoutS;

    [Range(1L, long.MaxValue, ErrorMessage = "must be a positive number of bytes")]
    public long UploadMaxBytes { get; set; } = DefaultUploadMaxBytes;
}
