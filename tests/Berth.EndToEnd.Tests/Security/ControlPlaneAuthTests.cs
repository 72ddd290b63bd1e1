using System.Net;
using System.Text;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Security;

/// <summary>
/// Every /api/v1 call needs the workspace token (Authorization: Bearer, from $BERTH_HOME/token or BERTH_TOKEN); the
/// CLI sends it without the user noticing and says clearly when a server refuses it.
/// </summary>
public sealed class ControlPlaneAuthTests : IAsyncLifetime
{
    private readonly CliSession _session = new();

    public static IEnumerable<(string Method, string Path, string? Json)> EveryRouteGroup =>
    [
        ("GET", "api/v1/health", null),
        ("GET", "api/v1/models", null),
        ("POST", "api/v1/models", """{"name": "stolen", "path": "/etc/shadow"}"""),
        ("GET", "api/v1/models/m/versions/1/content?path=m.bin", null),
        ("DELETE", "api/v1/models/m/versions/1", null),
        ("GET", "api/v1/environments", null),
        ("POST", "api/v1/environments", """{"name": "e"}"""),
        ("GET", "api/v1/services", null),
        ("POST", "api/v1/services", """{"name": "svc", "models": [], "inferenceConfigPath": "/x", "deploymentConfigPath": "/y"}"""),
        ("GET", "api/v1/services/svc/keys", null),
        ("GET", "api/v1/nothing-here", null),
    ];

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("m.bin", "weights"));
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Api_WithoutToken_Is401AuthRequiredForEveryRouteGroup_WithAHintNamingTheTokenFile()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_session.Server.Url), Timeout = TimeSpan.FromSeconds(30) };

        foreach (var (method, path, json) in EveryRouteGroup)
        {
            using var response = await anonymous.SendAsync(Request(method, path, json, token: null));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode} {text}");
            using var problem = JsonDocument.Parse(text);
            Assert.Equal("auth.required", problem.RootElement.GetProperty("code").GetString());
            Assert.Contains(_session.Server.TokenPath, problem.RootElement.GetProperty("hint").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(_session.Server.Token, text, StringComparison.Ordinal);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Equal(["m:1"], ModelRefs(await _session.BerthAsync("model", "list", "-o", "json")));
    }

    [Fact]
    public async Task Api_WithAWrongToken_Is401AuthInvalidForEveryRouteGroup()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_session.Server.Url), Timeout = TimeSpan.FromSeconds(30) };

        foreach (var (method, path, json) in EveryRouteGroup)
        {
            using var response = await anonymous.SendAsync(Request(method, path, json, token: _session.Server.Token[..^1] + "x"));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode} {text}");
            using var problem = JsonDocument.Parse(text);
            Assert.Equal("auth.invalid", problem.RootElement.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Cli_AgainstTheServerOfAnotherWorkspace_SaysItWasRefusedAndHowToPointAtTheRightOne()
    {
        using var otherHome = new TempFolder("berth-other-home");
        var env = new Dictionary<string, string> { ["BERTH_HOME"] = otherHome.Path, ["BERTH_URL"] = _session.Server.Url, ["NO_COLOR"] = "1" };

        var refused = await ProcessRunner.RunAsync(Binaries.Cli, ["model", "list"], env);
        var wrongVariable = await ProcessRunner.RunAsync(Binaries.Cli, ["model", "list"], new Dictionary<string, string>(env) { ["BERTH_TOKEN"] = "wrong" });
        var withVariable = await ProcessRunner.RunAsync(Binaries.Cli, ["model", "list", "-o", "json"], new Dictionary<string, string>(env) { ["BERTH_TOKEN"] = _session.Server.Token });

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"error: the Berth server at {_session.Server.Url}/ refused the request", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains($"hint: berth sent no token (BERTH_TOKEN is not set and {Path.Combine(otherHome.Path, "token")} does not exist)", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("set BERTH_HOME to its folder or BERTH_TOKEN to its token", refused.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("the token sent is not this server's token", wrongVariable.StandardError, StringComparison.Ordinal);
        Assert.Contains("berth sent the token in BERTH_TOKEN", wrongVariable.StandardError, StringComparison.Ordinal);
        Assert.True(withVariable.ExitCode == 0, withVariable.ToString());
        Assert.Equal(["m:1"], ModelRefs(withVariable));
    }

    internal static List<string> ModelRefs(ProcessResult list)
    {
        using var json = JsonDocument.Parse(list.StandardOutput);
        return json.RootElement.EnumerateArray().Select(m => $"{m.GetProperty("name").GetString()}:{m.GetProperty("version").GetInt32()}").ToList();
    }

    private static HttpRequestMessage Request(string method, string path, string? json, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
