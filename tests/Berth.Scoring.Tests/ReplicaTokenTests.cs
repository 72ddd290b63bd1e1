using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>
/// BERTH_REPLICA_TOKEN: a replica started by Berth answers only requests that carry its secret (the router adds it),
/// on every route; the entry script sees neither the variable nor the header. Unset, nothing changes.
/// </summary>
public sealed class ReplicaTokenTests
{
    private const string Secret = "replica-secret-0123456789abcdef";

    private const string Script = """
        import os

        def init():
            pass

        def run(data, request_headers):
            seen = [k for k in request_headers if k.lower() == 'x-berth-replica-token']
            return os.environ.get('BERTH_REPLICA_TOKEN', 'absent') + '|' + ('header' if seen else 'no-header')

        """;

    [Fact]
    public async Task TokenSet_EveryRouteWithoutIt401_WithIt200_AndTheScriptSeesNoSecret()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(TempScript.Write("score.py", Script), new Dictionary<string, string> { ["BERTH_REPLICA_TOKEN"] = Secret });
        server.RequireListening();

        var refused = new List<HttpStatusCode>();
        foreach (var path in new[] { "/", "/score", "/swagger.json", "/metrics" })
        {
            using var response = await server.Client.GetWithTimeoutAsync(path);
            refused.Add(response.StatusCode);
        }

        using var wrong = HttpTest.Post("/score", "{}"u8.ToArray(), "application/json");
        wrong.Headers.TryAddWithoutValidation("X-Berth-Replica-Token", Secret + "x");
        using var wrongResponse = await server.Client.SendWithTimeoutAsync(wrong);
        using var right = HttpTest.Post("/score", "{}"u8.ToArray(), "application/json");
        right.Headers.TryAddWithoutValidation("X-Berth-Replica-Token", Secret);
        using var rightResponse = await server.Client.SendWithTimeoutAsync(right);
        using var liveness = new HttpRequestMessage(HttpMethod.Get, "/");
        liveness.Headers.TryAddWithoutValidation("X-Berth-Replica-Token", Secret);
        using var livenessResponse = await server.Client.SendWithTimeoutAsync(liveness);

        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Contains("front door", await wrongResponse.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.Equal("\"absent|no-header\"", await rightResponse.BodyAsync());
        Assert.Equal(HttpStatusCode.OK, livenessResponse.StatusCode);
    }

    [Fact]
    public async Task TokenSet_TheProbePathAloneAnswersWithoutIt_SayingOnlyHealthy_AndOnlyToGet()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(TempScript.Write("score.py", Script), new Dictionary<string, string> { ["BERTH_REPLICA_TOKEN"] = Secret });
        server.RequireListening();

        using var probe = await server.Client.GetWithTimeoutAsync("/healthz");
        using var post = await server.Client.SendWithTimeoutAsync(HttpTest.Post("/healthz", "{}"u8.ToArray(), "application/json"));
        using var below = await server.Client.GetWithTimeoutAsync("/healthz/score");

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal("Healthy", (await probe.BodyAsync()).Trim());
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, below.StatusCode);
    }

    [Fact]
    public async Task TokenUnset_RequestsWithoutAHeaderAreServedAsBefore()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(TempScript.Write("score.py", Script));
        server.RequireListening();

        using var response = await server.Client.PostAsync("/score", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"absent|no-header\"", await response.BodyAsync());
    }
}
