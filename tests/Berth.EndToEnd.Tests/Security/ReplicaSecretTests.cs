using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Security;

/// <summary>
/// Key auth cannot be bypassed: a replica's own port answers 401 to anyone without the service's replica secret
/// (which only the router sends), and the router's admin API, which could turn key auth off, needs its admin token.
/// Shown as another local user (nobody) with curl.
/// </summary>
public sealed class ReplicaSecretTests : IAsyncLifetime
{
    private readonly CliSession _session = new();
    private string _scoringUri = null!;
    private string _replicaUrl = null!;
    private string _primaryKey = null!;

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("m.bin", "w"));
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    pass\n\ndef run(data):\n    return 'secret'\n", """{"computeType": "local", "authEnabled": true}""");
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        using var json = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        _scoringUri = json.RootElement.GetProperty("scoringUri").GetString()!;
        _replicaUrl = json.RootElement.GetProperty("replicas")[0].GetProperty("url").GetString()!;
        var keys = (await _session.BerthAsync("service", "keys", "svc")).StandardOutput.Split('\n');
        _primaryKey = keys[0].Split(':', 2)[1].Trim();
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task ReplicaPort_ScoredDirectlyWithoutTheSecret_Is401_WhileTheFrontDoorWithTheKeyWorks()
    {
        using var owner = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var direct = await OtherUser.CurlStatusAsync("-X", "POST", "-H", "Content-Type: application/json", "-d", "{}", $"{_replicaUrl}/score");
        var directWithKey = await OtherUser.CurlStatusAsync("-X", "POST", "-H", $"Authorization: Bearer {_primaryKey}", "-d", "{}", $"{_replicaUrl}/score");
        var liveness = await OtherUser.CurlStatusAsync($"{_replicaUrl}/");
        var frontDoorWithKey = await OtherUser.RunAsync("curl", "-q", "-s", "--max-time", "30", "-X", "POST", "-H", "Content-Type: application/json", "-H", $"Authorization: Bearer {_primaryKey}", "-d", "{}", _scoringUri);
        var frontDoorWithoutKey = await OtherUser.CurlStatusAsync("-X", "POST", "-H", "Content-Type: application/json", "-d", "{}", _scoringUri);
        using var ownerDirect = await owner.PostAsync($"{_replicaUrl}/score", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(401, direct);
        Assert.Equal(401, directWithKey);
        Assert.Equal(401, liveness);
        Assert.Equal("\"secret\"", frontDoorWithKey.StandardOutput.Trim());
        Assert.Equal(401, frontDoorWithoutKey);
        Assert.Equal(HttpStatusCode.Unauthorized, ownerDirect.StatusCode);
        Assert.Equal("\"secret\"", (await _session.BerthAsync("service", "run", "svc", "-d", "{}")).StandardOutput.Trim());
    }

    [Fact]
    public async Task RouterAdmin_WithoutItsToken_Is401_SoKeyAuthCannotBeTurnedOff()
    {
        using var info = JsonDocument.Parse(await File.ReadAllTextAsync(_session.Home.Combine("router", "router.json")));
        var router = info.RootElement.GetProperty("url").GetString()!;
        var spec = $$"""{"service": "svc", "port": 0, "replicas": [{"id": "x", "url": "{{_replicaUrl}}"}], "authEnabled": false}""";

        var list = await OtherUser.CurlStatusAsync($"{router}/admin/v1/routes");
        var put = await OtherUser.CurlStatusAsync("-X", "PUT", "-H", "Content-Type: application/json", "-d", spec, $"{router}/admin/v1/routes/svc");
        using var owner = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var ownerPut = await owner.PutAsync($"{router}/admin/v1/routes/svc", new StringContent(spec, Encoding.UTF8, "application/json"));
        using var anonymous = await owner.PostAsync(_scoringUri, new StringContent("{}", Encoding.UTF8, "application/json"));
        using var keyed = new HttpRequestMessage(HttpMethod.Post, _scoringUri) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _primaryKey);
        using var withKey = await owner.SendAsync(keyed);

        Assert.Equal(401, list);
        Assert.Equal(401, put);
        Assert.Equal(HttpStatusCode.Unauthorized, ownerPut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }
}
