using Berth.Client;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary>The .NET SDK (Berth.Client) against a real server.</summary>
public sealed class ClientSdkTests : IAsyncLifetime
{
    private readonly CliSession _session = new();
    private Workspace _workspace = null!;

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _workspace = Workspace.Get(_session.Server.Url, _session.Server.Token, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _workspace.Dispose();
        await _session.DisposeAsync();
    }

    [Fact]
    public async Task RegisterListGetDownloadDelete_RoundTripThroughTheSdk()
    {
        var file = _session.Files.WriteFile("model.pkl", "pickled");
        var tags = new Dictionary<string, string> { ["area"] = "health" };

        var registered = await Model.RegisterAsync(_workspace, file, "sdk-model", tags, description: "from the SDK");
        var listed = await Model.ListAsync(_workspace, tags: new Dictionary<string, string> { ["area"] = "health" });
        var fetched = await Model.GetAsync(_workspace, "sdk-model");
        var copied = await fetched.DownloadAsync(_session.Files.Combine("out"));
        await fetched.DeleteAsync();
        var afterDelete = await Model.ListAsync(_workspace, "sdk-model");

        Assert.Equal("sdk-model:1", registered.ToString());
        Assert.Equal(["sdk-model:1"], listed.Select(m => m.ToString()));
        Assert.Equal("from the SDK", fetched.Description);
        Assert.Equal("pickled", File.ReadAllText(copied));
        Assert.Empty(afterDelete);
    }

    [Fact]
    public async Task GetModel_Unknown_ThrowsApiExceptionWithCodeStatusAndHint()
    {
        var error = await Assert.ThrowsAsync<BerthApiException>(() => Model.GetAsync(_workspace, "missing", 2));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("model.not_found", error.Code);
        Assert.Equal("see `berth model list` for the registered models", error.Hint);
    }

    [Fact]
    public async Task Workspace_AtAnAddressNobodyServes_ThrowsServerUnreachableNamingTheAddress()
    {
        using var nowhere = Workspace.Get($"http://127.0.0.1:{FreePort.Next()}", TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<Berth.Errors.BerthException>(() => nowhere.GetInfoAsync());

        Assert.Equal("server.unreachable", error.Code);
        Assert.Contains(nowhere.Url.ToString(), error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }
}
