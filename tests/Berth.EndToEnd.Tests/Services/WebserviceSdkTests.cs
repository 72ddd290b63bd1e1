using Berth.Client;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>The SDK's service calls, named as the platform names them, against a real server.</summary>
public sealed class WebserviceSdkTests : IAsyncLifetime
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
    public async Task DeployWaitRunLogsDelete_ThroughTheSdk()
    {
        var model = await Model.RegisterAsync(_workspace, _session.Files.WriteFile("model/w.txt", "w"), "m");
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    print('init ran')\n\ndef run(data):\n    return {'echo': data}\n");
        var progress = new StringWriter();

        var service = await Model.DeployAsync(_workspace, "sdk", [model], app.InferenceConfig, app.DeploymentConfig);
        await service.WaitForDeploymentAsync(showOutput: true, progress);
        var looked = _workspace.Webservices["sdk"];
        var result = await looked.RunAsync("hello");
        var logs = await looked.GetLogsAsync(100);
        await looked.DeleteAsync();

        Assert.Equal("Healthy", service.State);
        Assert.Contains("running init()", progress.ToString(), StringComparison.Ordinal);
        Assert.Contains("Healthy: scoring URI http://127.0.0.1:", progress.ToString(), StringComparison.Ordinal);
        Assert.Equal("{\"echo\": \"hello\"}", result);
        Assert.Contains(logs, l => l.Contains("init ran", StringComparison.Ordinal));
        Assert.Empty(await Webservice.ListAsync(_workspace));
    }

    [Fact]
    public async Task WaitForDeployment_OfAFailingInit_ThrowsWithTheDiagnosis()
    {
        var model = await Model.RegisterAsync(_workspace, _session.Files.WriteFile("model/w.txt", "w"), "m");
        var app = ServiceApp.Write(_session.Files, "app", "def init():\n    open('/nonexistent/model.pkl')\n\ndef run(data):\n    return data\n");

        var service = await Model.DeployAsync(_workspace, "broken", [model], app.InferenceConfig, app.DeploymentConfig);
        var error = await Assert.ThrowsAsync<Berth.Errors.BerthException>(() => service.WaitForDeploymentAsync());

        Assert.Equal("service.deploy_failed", error.Code);
        Assert.Contains("FileNotFoundError", error.Message, StringComparison.Ordinal);
        Assert.Contains("remedy:", error.Message, StringComparison.Ordinal);
        Assert.Equal("Failed", service.State);
    }

    [Fact]
    public async Task Deploy_WithConfigsMadeInCode_ServesTheScript()
    {
        var model = await Model.RegisterAsync(_workspace, _session.Files.WriteFile("model/w.txt", "w"), "m");
        _session.Files.WriteFile("code/score.py", "def init():\n    pass\n\ndef run(data):\n    return 'from code'\n");
        var inference = new InferenceConfig("score.py", _session.Files.Combine("code"));

        var service = await Model.DeployAsync(_workspace, "incode", [model], inference, LocalWebservice.DeployConfiguration());
        await service.WaitForDeploymentAsync();

        Assert.Equal("\"from code\"", await service.RunAsync("{}"));
    }
}
