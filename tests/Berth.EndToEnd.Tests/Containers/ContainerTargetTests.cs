using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Containers;

/// <summary>
/// <c>computeType: container</c> on this machine's real Docker engine (scripts/docker.sh starts it and builds the base
/// image): the lifecycle of a service whose replicas are containers, the image reused by environment hash, the limits
/// the container really gets, and each container failure diagnosed from what the engine and the build said.
/// </summary>
public sealed class ContainerTargetTests : IAsyncLifetime
{
    private const string Container = """{"computeType": "container", "containerResourceRequirements": {"cpu": 1, "memoryInGB": 0.5}}""";
    private const string Echo = "def init():\n    pass\n\ndef run(data):\n    return 'one: ' + data\n";

    private readonly OfflineIndexSession _offline = new();

    private CliSession Session => _offline.Session;

    public Task InitializeAsync() => _offline.InitializeAsync();

    public async Task DisposeAsync()
    {
        // The server goes first: while it runs, its supervisor would replace the containers removed here.
        var home = Session.Home.Path;
        await _offline.DisposeAsync();
        await DockerWorkspace.RemoveAllAsync(home);
    }

    [Fact]
    public async Task Lifecycle_DeployRunLogsReloadUpdateUnderLoad_ServerRestartAdopts_DeleteRemovesTheContainers()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, Container);
        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("container, 1 replica(s)", deploy.StandardOutput + deploy.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"started g1-r1 \(container [0-9a-f]{12}\)", deploy.StandardOutput + deploy.StandardError);
        Assert.Equal("\"one: x\"", (await Session.BerthAsync("service", "run", "svc", "-d", "x")).StandardOutput.Trim());
        Assert.Contains("[g1-r1]", (await Session.BerthAsync("service", "logs", "svc")).StandardOutput, StringComparison.Ordinal);

        app.WriteScript(Echo.Replace("one", "two", StringComparison.Ordinal));
        var reload = await Session.BerthAsync("service", "reload", "svc");
        Assert.True(reload.ExitCode == 0, reload.ToString());
        Assert.Equal("\"two: x\"", (await Session.BerthAsync("service", "run", "svc", "-d", "x")).StandardOutput.Trim());

        // An update rolls out a new generation of containers under load: not one request fails.
        app.WriteScript(Echo.Replace("one", "three", StringComparison.Ordinal));
        await SequentialLoad.UpdateWithoutAFailedRequestAsync(Session, "svc", app.InferenceConfig);
        // The old generation's container goes once its requests have drained.
        var before = await DockerWorkspace.WaitForCountAsync(Session.Home.Path, 1);

        // A restarted server finds the running container again; it keeps serving.
        await Session.RestartServerAsync();
        await Session.WaitForServiceAsync("svc", s => s.GetProperty("state").GetString() == "Healthy");
        Assert.Equal(before, await DockerWorkspace.ContainersAsync(Session.Home.Path));
        Assert.Equal("\"three: x\"", (await Session.BerthAsync("service", "run", "svc", "-d", "x")).StandardOutput.Trim());

        var delete = await Session.BerthAsync("service", "delete", "svc");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        await DockerWorkspace.WaitForCountAsync(Session.Home.Path, 0);
    }

    [Fact]
    public async Task SecondDeployOfTheSameEnvironment_ReusesTheImage_AndTheContainerHasTheLimitsAsked()
    {
        const string Limits = "def init():\n    pass\n\ndef run(data):\n    m = open('/sys/fs/cgroup/memory/memory.limit_in_bytes').read().strip()\n    q = open('/sys/fs/cgroup/cpu/cpu.cfs_quota_us').read().strip()\n    return m + ' ' + q\n";
        var first = ServiceApp.Write(Session.Files, "first", Limits, """{"computeType": "aci", "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 0.25}}""");
        Assert.Equal(0, (await Session.BerthAsync(first.DeployArguments("first", "m"))).ExitCode);
        Assert.Equal($"\"{256L * 1024 * 1024} 50000\"", (await Session.BerthAsync("service", "run", "first", "-d", "{}")).StandardOutput.Trim());

        var second = ServiceApp.Write(Session.Files, "second", Echo, Container);
        var deploy = await Session.BerthAsync(second.DeployArguments("second", "m"));

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("reusing image berth/env:", deploy.StandardOutput + deploy.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("build: Step", deploy.StandardOutput + deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvBuild_BuildsTheImageAheadOfTheDeploy_AndShowTellsWhetherItIsBuilt()
    {
        // A marker unique to this run: an image built by an earlier run must not make the first build a reuse.
        var marker = "berth-marker-" + Guid.NewGuid().ToString("N")[..12];
        var file = Session.Files.WriteFile("env/myenv.yml", $"name: ahead\ndependencies:\n  - python=3\n  - numpy\n  - pip:\n    - {marker}; python_version < '3'\n");
        Assert.Equal(0, (await Session.BerthAsync("env", "register", "--name", "ahead", "--file", file)).ExitCode);
        Assert.Contains("(not built; `berth env build ahead:1` builds it)", (await Session.BerthAsync("env", "show", "ahead")).StandardOutput, StringComparison.Ordinal);

        var build = await Session.BerthAsync("env", "build", "ahead:1");

        Assert.True(build.ExitCode == 0, build.ToString());
        var tag = build.StandardOutput.Trim();
        Assert.StartsWith("berth/env:", tag, StringComparison.Ordinal);
        Assert.Contains($"{tag} (built)", (await Session.BerthAsync("env", "show", "ahead")).StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"reusing image {tag}", (await Session.BerthAsync("env", "build", "ahead")).StandardError, StringComparison.Ordinal);
        await DockerWorkspace.DockerAsync("rmi", tag);
    }

    [Fact]
    public async Task ContainerRemovedBehindBerthsBack_IsNoticedSaidAndReplaced()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, Container);
        Assert.Equal(0, (await Session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);
        var original = Assert.Single(await DockerWorkspace.ContainersAsync(Session.Home.Path));

        await DockerWorkspace.DockerAsync("rm", "-f", original);

        await Session.WaitForServiceAsync("svc", s => s.GetProperty("replicas")[0].GetProperty("lastExit").GetString()?.Contains("removed behind Berth's back", StringComparison.Ordinal) == true);
        await Session.WaitForServiceAsync("svc", s => s.GetProperty("state").GetString() == "Healthy");
        Assert.NotEqual(original, Assert.Single(await DockerWorkspace.ContainersAsync(Session.Home.Path)));
        Assert.Equal("\"one: x\"", (await Session.BerthAsync("service", "run", "svc", "-d", "x")).StandardOutput.Trim());
    }

    [Fact]
    public async Task InitAllocatingPastTheMemoryLimit_IsDiagnosedAsOom_FromTheEngine()
    {
        var app = ServiceApp.Write(
            Session.Files, "app", MemoryScripts.AllocatesInInit,
            """{"computeType": "container", "containerResourceRequirements": {"cpu": 1, "memoryInGB": 0.2}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: oom", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("memoryInGB", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortTaken_ContainerDeployIsRefusedBeforeAnyContainerStarts_NamingTheProcessThatHoldsIt()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var app = ServiceApp.Write(Session.Files, "app", Echo, $$$"""{"computeType": "container", "port": {{{port}}}, "containerResourceRequirements": {"cpu": 1, "memoryInGB": 0.5}}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains($"port {port}", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", deploy.StandardError, StringComparison.Ordinal);
        Assert.Empty(await DockerWorkspace.ContainersAsync(Session.Home.Path));
    }

    [Fact]
    public async Task InitRaises_IsInitFailed_WithTheTracebackFromTheContainersLog()
    {
        var app = ServiceApp.Write(Session.Files, "app", "def init():\n    raise ValueError('no weights here')\n\ndef run(data):\n    return data\n", Container);

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: init_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("ValueError: no weights here", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackageThatCannotBeInstalled_IsImageBuildFailed_AtThePipStep_AndNoImageIsTagged()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, Container,
            condaFile: "name: e\ndependencies:\n  - python=3\n  - pip:\n    - berth-no-such-package==1.0\n");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: image_build_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("berth-no-such-package==1.0", deploy.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"failing step: Step \d+/\d+ : RUN .*pip", deploy.StandardError);
        Assert.Empty(await DockerWorkspace.ContainersAsync(Session.Home.Path));
    }

    [Fact]
    public async Task EnableGpu_OnAnEngineWithoutAGpuRuntime_IsRefusedBeforeAnythingIsBuilt()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, Container);
        File.WriteAllText(app.InferenceConfig, """{"entryScript": "score.py", "sourceDirectory": ".", "enableGpu": true}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(5, deploy.ExitCode);
        Assert.Contains("enableGpu: enableGpu is true, but the Docker engine here has no GPU runtime (its runtimes: ", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("set \"enableGpu\" to false", deploy.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("build:", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(await DockerWorkspace.ContainersAsync(Session.Home.Path));
    }

    [Fact]
    public async Task TheServersPipConf_IsTheIndexTheImageBuildUses()
    {
        using var config = new TempFolder("berth-pip-conf");
        var pipConf = Path.Combine(config.Path, "pip.conf");
        File.WriteAllText(pipConf, "[global]\nindex-url = http://127.0.0.1:9/berth-test-index/simple\ntrusted-host = 127.0.0.1\n");
        var session = new CliSession(new Dictionary<string, string> { ["PIP_CONFIG_FILE"] = pipConf });
        await session.InitializeAsync();
        try
        {
            await session.BerthAsync("model", "register", "--name", "m", "--path", session.Files.WriteFile("model/weights.txt", "w"));
            var app = ServiceApp.Write(session.Files, "app", Echo, Container,
                condaFile: "name: e\ndependencies:\n  - python=3\n  - pip:\n    - berth-no-such-package==1.0\n");

            var deploy = await session.BerthAsync(app.DeployArguments("svc", "m"));

            Assert.Equal(6, deploy.ExitCode);
            Assert.Contains("Looking in indexes: http://127.0.0.1:9/berth-test-index/simple", deploy.StandardOutput + deploy.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            var home = session.Home.Path;
            await session.DisposeAsync(); // the server first, or its supervisor replaces what is removed
            await DockerWorkspace.RemoveAllAsync(home);
        }
    }

    [Fact]
    public async Task BaseImageThatDoesNotExist_IsImageBuildFailed_AtFrom_NamingDockerBaseImage()
    {
        var app = ServiceApp.Write(Session.Files, "app", Echo, Container);
        File.WriteAllText(app.InferenceConfig, """{"entryScript": "score.py", "sourceDirectory": ".", "baseImage": "berth-test/no-such-base:1"}""");

        var deploy = await Session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: image_build_failed", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("FROM berth-test/no-such-base:1", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("docker.baseImage", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DockerNotRunning_IsRefusedAtValidation_SayingWhatToRun_AndNothingIsMade()
    {
        using var noEngine = new TempFolder("berth-no-engine");
        using var session = new CliSession(new Dictionary<string, string> { ["DOCKER_HOST"] = $"unix://{noEngine.Path}/docker.sock" });
        await session.InitializeAsync();
        await session.BerthAsync("model", "register", "--name", "m", "--path", session.Files.WriteFile("model/w.txt", "w"));
        var app = ServiceApp.Write(session.Files, "app", Echo, Container);

        var deploy = await session.BerthAsync(app.DeployArguments("svc", "m"));

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains($"the Docker engine's socket {noEngine.Path}/docker.sock does not exist", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("scripts/docker.sh", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("[]", (await session.BerthAsync("service", "list", "-o", "json")).StandardOutput, StringComparison.Ordinal);
    }
}
