using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>
/// The admin API is the control plane's only: every /admin/v1 call needs the state folder's admin token, a loopback
/// Host and no foreign Origin; the router does not start without a token; the replica secret of a route reaches
/// the replicas and no client can forge it.
/// </summary>
public sealed class AdminAuthTests : RouterTestBase
{
    private const string Primary = "primary-Key-0123456789abcdef";

    public static TheoryData<string, string> AdminCalls => new()
    {
        { "GET", "/admin/v1/health" },
        { "GET", "/admin/v1/routes" },
        { "GET", "/admin/v1/routes/any" },
        { "GET", "/admin/v1/routes/any/stats" },
        { "PUT", "/admin/v1/routes/any" },
        { "DELETE", "/admin/v1/routes/any" },
        { "GET", "/admin/v1/nothing" },
    };

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task AdminCall_WithoutToken_401AuthRequired_WithWrongToken_401AuthInvalid(string method, string path)
    {
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var none = await Within(plain.SendAsync(Request(method, path, null)));
        using var wrong = await Within(plain.SendAsync(Request(method, path, "not-the-admin-token")));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("auth.required", (await ProblemOf(none)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var problem = await ProblemOf(wrong);
        Assert.Equal("auth.invalid", problem.GetProperty("code").GetString());
        Assert.Contains("admin-token", problem.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Session.Router.AdminToken, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutThatTurnsKeyAuthOff_WithoutToken_IsRefused_AndTheFrontDoorStillWantsTheKey()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var spec = RouterSession.Spec("guarded", replica) with { AuthEnabled = true, PrimaryKey = Primary };
        var route = await Within(Session.RouteAsync(spec));
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var put = await Within(plain.PutAsJsonAsync($"{Session.Router.Url}/admin/v1/routes/guarded", spec with { AuthEnabled = false, PrimaryKey = null }, RouterSession.Json));
        using var anonymous = await Within(Session.ScoreAsync(route));
        var status = await Within(Session.Http.GetFromJsonAsync<RouteStatus>($"{Session.Router.Url}/admin/v1/routes/guarded", RouterSession.Json));

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(status!.AuthEnabled);
        Assert.Equal(0, replica.Count);
    }

    [Theory]
    [InlineData("Host", "attacker.example")]
    [InlineData("Host", "localhost:1")]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task AdminCall_FromAForeignHostOrOrigin_403EvenWithTheToken(string header, string value)
    {
        using var request = Request("GET", "/admin/v1/routes", Session.Router.AdminToken);
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await Within(Session.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("request.forbidden", (await ProblemOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Put_WithTextPlainBody_415AndNoRoute()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var json = JsonSerializer.Serialize(RouterSession.Spec("plain", replica), RouterSession.Json);
        using var request = Request("PUT", "/admin/v1/routes/plain", Session.Router.AdminToken);
        request.Content = new StringContent(json, Encoding.UTF8, "text/plain");

        using var response = await Within(Session.Http.SendAsync(request));
        using var lookup = await Within(Session.Http.GetAsync($"{Session.Router.Url}/admin/v1/routes/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Router_WithoutAnAdminToken_RefusesToStartWithErrorAndHint()
    {
        using var state = new TempFolder("berth-router-notoken");
        var start = new ProcessStartInfo(Binaries.Router) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--state-dir", state.Path, "--url", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await Within(process.StandardError.ReadToEndAsync());
        await Within(process.WaitForExitAsync());
        await Within(stdout);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("error: no admin token in " + Path.Combine(state.Path, "admin-token"), stderr, StringComparison.Ordinal);
        Assert.Contains("hint: ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(state.Path, "router.json")), "a router without a token must not listen");
    }

    [Fact]
    public async Task ReplicaToken_ReachesTheReplica_AndAClientsForgedCopyIsDropped()
    {
        const string Secret = "replica-secret-0123456789abcdef";
        var withSecret = await Replica(FakeReplica.OkAsync("a"));
        var without = await Replica(FakeReplica.OkAsync("b"));
        var secured = await Within(Session.RouteAsync(RouterSession.Spec("secured", withSecret) with { ReplicaToken = Secret }));
        var open = await Within(Session.RouteAsync(RouterSession.Spec("open", without)));
        static void Forge(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("X-Berth-Replica-Token", "forged-by-the-client");

        using var first = await Within(Session.ScoreAsync(secured, configure: Forge));
        using var second = await Within(Session.ScoreAsync(open, configure: Forge));
        var routes = await Within(Session.Http.GetStringAsync($"{Session.Router.Url}/admin/v1/routes"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(withSecret.Requests.TryPeek(out var seen));
        Assert.Equal(Secret, seen["x-berth-replica-token"]);
        Assert.True(without.Requests.TryPeek(out var unseen));
        Assert.False(unseen.ContainsKey("x-berth-replica-token"), "a client's copy of the replica secret header must not reach a replica");
        Assert.DoesNotContain(Secret, routes, StringComparison.Ordinal);
    }

    private HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Session.Router.Url + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (method == "PUT")
        {
            request.Content = new StringContent("{\"port\":0,\"replicas\":[]}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
