using Berth.Client;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Uploads;

/// <summary>The SDK sends configs made in code as text, with the files they name: nothing is written to a temporary folder.</summary>
public sealed class SdkContentTests : IAsyncLifetime
{
    private readonly CliSession _session = new();
    private Workspace _workspace = null!;

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _workspace = Workspace.Get(_session.Server.Url, _session.Server.Token, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        _workspace.Dispose();
        await _session.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_WithConfigsMadeInCode_LeavesNoTemporaryFolder_AndReloadsFromTheSourceDirectory()
    {
        var name = "notemp-" + Guid.NewGuid().ToString("N")[..8];
        var model = await Model.RegisterAsync(_workspace, _session.Files.WriteFile("model/w.txt", "w"), "m");
        var script = _session.Files.WriteFile("code/score.py", "def init():\n    pass\n\ndef run(data):\n    return 'first'\n");

        var service = await Model.DeployAsync(_workspace, name, [model], new InferenceConfig("score.py", _session.Files.Combine("code")), LocalWebservice.DeployConfiguration());
        await service.WaitForDeploymentAsync();
        var first = await service.RunAsync("{}");
        File.WriteAllText(script, "def init():\n    pass\n\ndef run(data):\n    return 'second'\n");
        await (await Webservice.GetAsync(_workspace, name)).ReloadAsync();
        await service.WaitForDeploymentAsync();

        Assert.Equal("\"first\"", first);
        Assert.Equal("\"second\"", await service.RunAsync("{}"));
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "berth-configs", name)), "the SDK must not leave its configs in a temporary folder");
    }
}
