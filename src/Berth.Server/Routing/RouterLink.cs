using System.Diagnostics;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Hosting;
using Berth.Server.Workspace;

namespace Berth.Server.Routing;

/// <summary>
/// The control plane's handle on the router process: finds the running one (router.json + health), or starts
/// it detached so it outlives the server; then drives its admin API.
/// </summary>
internal sealed class RouterLink(WorkspaceLayout layout, RouterLinkOptions options, ILogger<RouterLink> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _url;

    /// <summary>The port the router should use when it must be started and router.json names none (0: a free one, which router.json then keeps).</summary>
    public int PreferredPort => options.PreferredPort;

    public string? Url => _url;

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

    private async Task<string> StartAsync(int port, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.RouterDirectory);
        var info = Path.Combine(layout.RouterDirectory, "router.json");
        File.Delete(info);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "/bin/sh", "-c", "exec \"$@\" >>\"$LOG\" 2>&1 </dev/null", "router",
            SiblingExecutable.Find("BERTH_ROUTER_EXE", "Berth.Router", "berth-router"), "--state-dir", layout.RouterDirectory, "--url", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOG"] = Path.Combine(layout.RouterDirectory, "router.log");
        using var process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
            if (ReadInfo() is { } started && await AnswersAsync(started.Url, cancellationToken))
            {
                ServerLog.RouterStarted(logger, started.Url, started.Pid);
                return started.Url;
            }

            if (process.HasExited && port != 0)
            {
                // The preferred port is taken by something else: let the router pick a free one.
                return await StartAsync(0, cancellationToken);
            }
        }

        throw new BerthException(ErrorCodes.Internal, "the router did not start within 20 s", $"see {start.Environment["LOG"]}");
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
