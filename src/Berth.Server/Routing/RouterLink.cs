using System.Diagnostics;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Security;
using Berth.Server.Workspace;

namespace Berth.Server.Routing;

/// <summary>
/// The control plane's handle on the router process: finds the running one (router.json + health), or starts
/// it detached under its own supervisor (<see cref="RouterWatchdog"/>) so it outlives the server and comes back
/// after a crash without it; then drives its admin API, and tells since when the router has not answered.
/// Every admin call carries the admin token of the router's state folder (created here before the router first starts, owner-only).
/// </summary>
internal sealed class RouterLink(WorkspaceLayout layout, RouterLinkOptions options, TimeProvider time, ILogger<RouterLink> logger) : IDisposable
{
    /// <summary>How long a started router may take to listen and answer.</summary>
    private static readonly TimeSpan RouterStartTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long a router whose supervisor runs is given to come back before the server starts one itself.</summary>
    private static readonly TimeSpan SupervisorGrace = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = AdminClient(ReadOrCreateAdminToken(layout));
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _url;

    /// <summary>The port the router should use when it must be started and router.json names none (0: a free one, which router.json then keeps).</summary>
    public int PreferredPort => options.PreferredPort;

    public string? Url => _url;

    /// <summary>Since when the router (every front door) has not answered, or null while it does.</summary>
    public DateTimeOffset? DownSince { get; private set; }

    /// <summary>
    /// Probes the router (the supervision loop calls this about every second) and records whether it answers. When it
    /// does not, it is started here only if its own supervisor is gone or has not brought it back within a grace.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var url = _url ?? ReadInfo()?.Url;
        if (url is not null && await AnswersAsync(url, cancellationToken))
        {
            DownSince = null;
            return;
        }

        var saved = ReadInfo();
        if (saved is not null && saved.Url != url && await AnswersAsync(saved.Url, cancellationToken))
        {
            _url = saved.Url;
            DownSince = null;
            return;
        }

        var since = DownSince ??= time.GetUtcNow();
        if (!RouterWatchdog.IsAlive(layout.RouterDirectory) || time.GetUtcNow() - since > SupervisorGrace)
        {
            await EnsureAsync(cancellationToken);
            DownSince = null;
        }
    }

    /// <summary>Returns the router's address, starting the router when none answers.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_url is not null && await AnswersAsync(_url, cancellationToken))
            {
                return _url;
            }

            var saved = ReadInfo();
            if (saved is not null && await AnswersAsync(saved.Url, cancellationToken))
            {
                return _url = saved.Url;
            }

            if (await WaitForSupervisorAsync(cancellationToken) is { } restarted)
            {
                return _url = restarted;
            }

            saved = ReadInfo();
            var port = saved is not null ? new Uri(saved.Url).Port : PreferredPort;
            return _url = await StartAsync(port, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<RouteStatus> PutRouteAsync(RouteSpec route, CancellationToken cancellationToken)
    {
        var url = await EnsureAsync(cancellationToken);
        using var response = await _http.PutAsJsonAsync($"{url}/admin/v1/routes/{route.Service}", route, Json, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<RouteStatus>(Json, cancellationToken))!;
    }

    public async Task DeleteRouteAsync(string service, CancellationToken cancellationToken)
    {
        var url = await EnsureAsync(cancellationToken);
        using var response = await _http.DeleteAsync($"{url}/admin/v1/routes/{service}", cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            await ThrowIfFailedAsync(response, cancellationToken);
        }
    }

    public async Task<RouteStats?> GetStatsAsync(string service, CancellationToken cancellationToken)
    {
        var url = await EnsureAsync(cancellationToken);
        using var response = await _http.GetAsync($"{url}/admin/v1/routes/{service}/stats", cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RouteStats>(Json, cancellationToken) : null;
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private static string ReadOrCreateAdminToken(WorkspaceLayout layout)
    {
        Directory.CreateDirectory(layout.RouterDirectory, Workspace.WorkspacePermissions.OwnerOnlyDirectory);
        return SecretFile.ReadOrCreate(layout.RouterAdminTokenPath);
    }

    private static HttpClient AdminClient(string adminToken)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
        return client;
    }

    private async Task<string> StartAsync(int port, CancellationToken cancellationToken)
    {
        // A workspace deleted under a running server (its folder gone) gets no new router: creating the router's folder
        // would bring the workspace back as an empty shell, and the router would outlive everything it served.
        if (!Directory.Exists(layout.Root))
        {
            throw new BerthException(ErrorCodes.WorkspaceNotWritable, $"the workspace folder {layout.Root} is gone, so no router is started for it", "start the server again over an existing workspace (BERTH_HOME)");
        }

        Directory.CreateDirectory(layout.RouterDirectory, Workspace.WorkspacePermissions.OwnerOnlyDirectory);
        SecretFile.Write(layout.RouterAdminTokenPath, _http.DefaultRequestHeaders.Authorization!.Parameter!); // the router reads it at start
        var info = Path.Combine(layout.RouterDirectory, "router.json");
        File.Delete(info);
        var start = RouterWatchdog.StartInfo(layout.RouterDirectory, port);
        using var process = Process.Start(start)!;
        var deadline = time.GetUtcNow() + RouterStartTimeout;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
            if (ReadInfo() is { } started && await AnswersAsync(started.Url, cancellationToken))
            {
                ServerLog.RouterStarted(logger, started.Url, started.Pid);
                return started.Url;
            }

            if (process.HasExited && process.ExitCode != RouterWatchdog.AlreadySupervised && port != 0)
            {
                // The preferred port is taken by something else: let the router pick a free one.
                return await StartAsync(0, cancellationToken);
            }
        }

        throw new BerthException(ErrorCodes.Internal, $"the router did not start within {RouterStartTimeout.TotalSeconds:0} s", $"see {RouterWatchdog.LogPath(layout.RouterDirectory)} and router.stderr beside it");
    }

    /// <summary>While the router's own supervisor runs, waits (up to a grace) for it to bring the router back; the new URL, or null.</summary>
    private async Task<string?> WaitForSupervisorAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + SupervisorGrace;
        while (RouterWatchdog.IsAlive(layout.RouterDirectory) && time.GetUtcNow() < deadline)
        {
            if (ReadInfo() is { } info && await AnswersAsync(info.Url, cancellationToken))
            {
                return info.Url;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        return null;
    }

    private RouterInfo? ReadInfo()
    {
        try
        {
            return JsonSerializer.Deserialize<RouterInfo>(File.ReadAllText(Path.Combine(layout.RouterDirectory, "router.json")), Json);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private Task<bool> AnswersAsync(string url, CancellationToken cancellationToken) =>
        HttpProbe.AnswersAsync(_http, $"{url}/admin/v1/health", cancellationToken);

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            var code = root.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var hint = root.TryGetProperty("hint", out var h) ? h.GetString() : null;
            throw new BerthException(code ?? ErrorCodes.Internal, detail ?? text, hint);
        }
        catch (JsonException)
        {
            throw new BerthException(ErrorCodes.Internal, $"the router answered {(int)response.StatusCode}: {text}");
        }
    }
}

/// <summary>The router's port when no router.json names one (0: a free one).</summary>
internal sealed record RouterLinkOptions(int PreferredPort);
