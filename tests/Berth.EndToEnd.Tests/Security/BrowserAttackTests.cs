using System.Net;
using System.Text;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Security;

/// <summary>
/// What a web page can send to 127.0.0.1 is refused: a cross-origin <c>text/plain</c> POST (no preflight), and any
/// request under a foreign Host name (DNS rebinding), with or without the token. Nothing is created.
/// </summary>
public sealed class BrowserAttackTests : IAsyncLifetime
{
    private const string Registration = """{"name": "stolen", "path": "/etc/passwd"}""";
    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task CrossOriginTextPlainPost_IsRefused_AndCreatesNothing()
    {
        using var page = new HttpClient { BaseAddress = new Uri(_session.Server.Url), Timeout = TimeSpan.FromSeconds(30) };
        using var withToken = _session.Server.CreateClient();

        using var fromPage = await page.SendAsync(Post(Registration, "text/plain", request =>
        {
            request.Headers.TryAddWithoutValidation("Origin", "http://attacker.example");
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        }));
        using var plainWithToken = await withToken.SendAsync(Post(Registration, "text/plain"));
        using var formWithToken = await withToken.SendAsync(Post(Registration, "application/x-www-form-urlencoded"));
        using var jsonFromPage = await withToken.SendAsync(Post(Registration, "application/json", r => r.Headers.TryAddWithoutValidation("Origin", "http://localhost:8888")));

        Assert.Equal(HttpStatusCode.Forbidden, fromPage.StatusCode);
        Assert.Equal("request.forbidden", await CodeOf(fromPage));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainWithToken.StatusCode);
        Assert.Contains("Content-Type: application/json", await DetailOf(plainWithToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, jsonFromPage.StatusCode);
        Assert.Equal("[]", (await _session.BerthAsync("model", "list", "-o", "json")).StandardOutput.Trim());
        Assert.Empty(_session.WorkspaceEntries());
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("rebind.attacker.example:{port}")]
    [InlineData("localhost.attacker.example:{port}")]
    [InlineData("127.0.0.1:1")]
    public async Task ForeignHostHeader_DnsRebinding_IsRefusedWithOrWithoutTheToken(string host)
    {
        var port = new Uri(_session.Server.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var page = new HttpClient { BaseAddress = new Uri(_session.Server.Url), Timeout = TimeSpan.FromSeconds(30) };
        using var withToken = _session.Server.CreateClient();

        using var read = await page.SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "api/v1/services"), host.Replace("{port}", port)));
        using var write = await page.SendAsync(WithHost(Post(Registration, "application/json"), host.Replace("{port}", port)));
        using var tokenRead = await withToken.SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "api/v1/health"), host.Replace("{port}", port)));
        using var own = await withToken.SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "api/v1/health"), $"localhost:{port}"));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("request.forbidden", await CodeOf(read));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tokenRead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Empty(_session.WorkspaceEntries());
    }

    private static HttpRequestMessage Post(string body, string contentType, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/models") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        configure?.Invoke(request);
        return request;
    }

    private static HttpRequestMessage WithHost(HttpRequestMessage request, string host)
    {
        request.Headers.Host = host;
        return request;
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("code").GetString();
    }

    private static async Task<string?> DetailOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString();
    }
}
