using System.Net.Http.Json;
using System.Text.Json;
using Berth.Api.V1;

namespace Berth.Router.Tests.Infrastructure;

/// <summary>
/// A state folder, a real router over it, an HTTP client with a timeout (sending the router's admin token on
/// /admin/v1 calls, and nothing extra elsewhere), and the admin calls the tests make.
/// </summary>
internal sealed class RouterSession : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<string> _arguments;
    private RouterProcess? _router;

    /// <summary>A session whose router gets <paramref name="arguments"/> too; <c>{state}</c> in them stands for the state folder.</summary>
    public RouterSession(IReadOnlyList<string>? arguments = null)
    {
        _arguments = (arguments ?? []).Select(a => a.Replace("{state}", State.Path, StringComparison.Ordinal)).ToList();
        Http = new HttpClient(new AdminTokenHandler()) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public TempFolder State { get; } = new("berth-router");

    public HttpClient Http { get; }

    public RouterProcess Router => _router ?? throw new InvalidOperationException("the router has not started");

    public async Task InitializeAsync() => _router = await RouterProcess.StartAsync(State.Path, arguments: _arguments);

    public Task DisposeAsync()
    {
        _router?.Dispose();
        Http.Dispose();
        State.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Kills the router with SIGKILL and starts a new one over the same state folder.</summary>
    public async Task KillAndRestartAsync()
    {
        Router.Kill();
        Router.Dispose();
        _router = await RouterProcess.StartAsync(State.Path, arguments: _arguments);
    }

    public static RouteSpec Spec(string service, params FakeReplica[] replicas) =>
        new(service, 0, replicas.Select((r, i) => new ReplicaEndpoint($"{service}-r{i + 1}", r.Url)).ToList());

    public Task<HttpResponseMessage> PutAsync(RouteSpec spec) =>
        Http.PutAsJsonAsync($"{Router.Url}/admin/v1/routes/{spec.Service}", spec, Json);

    /// <summary>PUTs the route and returns its status, failing the test with the problem details when the router refuses.</summary>
    public async Task<RouteStatus> RouteAsync(RouteSpec spec)
    {
        using var response = await PutAsync(spec);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT route {spec.Service}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<RouteStatus>(text, Json)!;
    }

    public async Task<RouteStats> StatsAsync(string service) =>
        (await Http.GetFromJsonAsync<RouteStats>($"{Router.Url}/admin/v1/routes/{service}/stats", Json))!;

    /// <summary>
    /// The stats once the router has counted <paramref name="requests"/> requests: it counts a request just after writing
    /// its answer, so a caller that has read the answer may ask before it is counted. Bounded by 30 s.
    /// </summary>
    public async Task<RouteStats> SettledStatsAsync(string service, int requests)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var stats = await StatsAsync(service);
            if (stats.Requests >= requests || DateTime.UtcNow > deadline)
            {
                return stats;
            }

            await Task.Delay(20);
        }
    }

    public Task<HttpResponseMessage> ScoreAsync(RouteStatus route, string body = "{\"data\": [1]}", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route.ScoringUri) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        configure?.Invoke(request);
        return Http.SendAsync(request);
    }

    /// <summary>Adds the admin token of the router the request goes to (any router the test started) to /admin calls that have none.</summary>
    private sealed class AdminTokenHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.StartsWith("/admin/", StringComparison.Ordinal) && request.Headers.Authorization is null
                && RouterProcess.TokenFor(request.RequestUri) is { } token)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    public static async Task<string> MessageOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("message").GetString()!;
    }
}
