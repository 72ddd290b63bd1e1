using Berth.Api.V1;

namespace Berth.Client;

/// <summary>
/// A connection to a Berth server and the workspace it owns, like the hosted platform's <c>Workspace</c>.
/// <c>Workspace.Get()</c> uses BERTH_URL, or http://127.0.0.1:7700, and the workspace token from BERTH_TOKEN, or
/// <c>$BERTH_HOME/token</c> (default <c>~/.berth/token</c>).
/// </summary>
public sealed class Workspace : IDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:7700";

    private readonly HttpClient _client;

    private Workspace(Uri url, HttpClient client, ControlPlaneCredential credential)
    {
        Url = url;
        _client = client;
        Http = new BerthHttp(client, credential);
        Webservices = new WebserviceCollection(this);
    }

    /// <summary>The services of this workspace by name.</summary>
    public WebserviceCollection Webservices { get; }

    public Uri Url { get; }

    internal BerthHttp Http { get; }

    /// <summary>The connection pool, also for calls to services' scoring URIs.</summary>
    internal HttpClient Client => _client;

    /// <summary>The workspace served at <paramref name="url"/>, else at BERTH_URL, else at <see cref="DefaultUrl"/>.</summary>
    public static Workspace Get(string? url = null, TimeSpan? timeout = null) => Get(url, token: null, timeout);

    /// <summary>
    /// The workspace served at <paramref name="url"/> (else BERTH_URL, else <see cref="DefaultUrl"/>), called with
    /// <paramref name="token"/> (else BERTH_TOKEN, else the token file of BERTH_HOME).
    /// </summary>
    public static Workspace Get(string? url, string? token, TimeSpan? timeout = null)
    {
        var address = new Uri(url ?? System.Environment.GetEnvironmentVariable("BERTH_URL") ?? DefaultUrl);
        var client = new HttpClient { BaseAddress = address, Timeout = timeout ?? TimeSpan.FromMinutes(30) };
        return new Workspace(address, client, new ControlPlaneCredential(token));
    }

    /// <summary>Which server answers, and for which workspace folder.</summary>
    public Task<ServerInfoDto> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Http.GetAsync<ServerInfoDto>("api/v1/health", cancellationToken);

    public void Dispose() => _client.Dispose();
}
