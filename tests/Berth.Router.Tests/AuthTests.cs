using System.Net;
using System.Net.Http.Headers;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>Key auth at the front door: primary and secondary keys, 401 otherwise, keys never logged or forwarded.</summary>
public sealed class AuthTests : RouterTestBase
{
    private const string Primary = "primary-Key-0123456789abcdef";
    private const string Secondary = "secondary-Key-fedcba9876543210";

    [Fact]
    public async Task AuthEnabled_NoKeyOrWrongKey_401_PrimaryOrSecondary_200()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("keys", replica) with { AuthEnabled = true, PrimaryKey = Primary, SecondaryKey = Secondary }));

        using var none = await Within(Session.ScoreAsync(route));
        using var wrong = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Primary + "x")));
        using var basic = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Primary)));
        using var primary = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Primary)));
        using var secondary = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secondary)));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Authorization: Bearer", await RouterSession.MessageOf(none));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, primary.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondary.StatusCode);
        Assert.Equal(2, replica.Count);
        Assert.All(replica.Requests, headers => Assert.False(headers.ContainsKey("authorization"), "a key must not reach the replica"));
        Assert.Equal(3, (await Within(Session.SettledStatsAsync("keys", 5))).Status401);
    }

    [Fact]
    public async Task AuthEnabled_KeysAppearNeitherInLogsNorInTheAdminApi()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("secret", replica) with { AuthEnabled = true, PrimaryKey = Primary, SecondaryKey = Secondary }));
        using var scored = await Within(Session.ScoreAsync(route, "{\"data\": \"body-marker-77\"}", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Primary)));
        using var refused = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess-" + Secondary)));

        var routes = await Within(Session.Http.GetStringAsync($"{Session.Router.Url}/admin/v1/routes"));
        var stats = await Within(Session.Http.GetStringAsync($"{Session.Router.Url}/admin/v1/routes/secret/stats"));
        await Within(WaitForAsync(() => Session.Router.Output.Contains(" 401 in ", StringComparison.Ordinal))); // both access lines are written


        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        Assert.Contains("secret", Session.Router.Output);
        foreach (var text in new[] { Session.Router.Output, routes, stats })
        {
            Assert.DoesNotContain(Primary, text);
            Assert.DoesNotContain(Secondary, text);
            Assert.DoesNotContain("body-marker-77", text);
        }
    }

    [Fact]
    public async Task AuthDisabled_AuthorizationHeaderReachesTheReplica()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("open", replica)));

        using var response = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(replica.Requests.TryPeek(out var seen));
        Assert.Equal("Bearer anything", seen["authorization"]);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(20);
        }
    }
}
