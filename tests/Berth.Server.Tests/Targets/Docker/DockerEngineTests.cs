using System.Net.Sockets;
using Berth.Errors;
using Berth.Server.Targets.Docker;

namespace Berth.Server.Tests.Targets.Docker;

/// <summary>DockerEngine against the real engine of this machine (scripts/docker.sh starts it and builds the base image).</summary>
public sealed class DockerEngineTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan Timeout = DockerFixture.Timeout;

    [Fact]
    public async Task Check_WithNoSocket_SaysDockerIsNotInstalled_AndWhatToRun()
    {
        using var engine = new DockerEngine(new Uri($"unix:///tmp/berth-no-docker-{Guid.NewGuid():N}.sock"));

        var error = await Assert.ThrowsAsync<BerthException>(() => engine.CheckAsync().WaitAsync(Timeout));

        Assert.Equal(DockerErrorCodes.NotInstalled, error.Code);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/docker.sh", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithASocketNobodyListensOn_SaysDockerdIsNotRunning()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("docker.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening: a connect is refused, as on a dead dockerd's socket

        using var engine = new DockerEngine(new Uri("unix://" + path));
        var error = await Assert.ThrowsAsync<BerthException>(() => engine.CheckAsync().WaitAsync(Timeout));

        Assert.Equal(DockerErrorCodes.NotRunning, error.Code);
        Assert.Contains("dockerd is not running", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/docker.sh", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OfThisMachinesEngine_NamesItsVersion()
    {
        var description = await docker.Engine.CheckAsync().WaitAsync(Timeout);

        Assert.StartsWith("Docker ", description, StringComparison.Ordinal);
        Assert.True(await docker.Engine.ImageExistsAsync(docker.BaseImage).WaitAsync(Timeout));
        Assert.False(await docker.Engine.ImageExistsAsync("berth-test/never-built:" + docker.RunId).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Run_WithMemoryAndCpuLimits_TheContainerSeesThemInItsCgroup_AndItsExitCodeIsReported()
    {
        var spec = docker.Container("limits", "sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us; exit 3")
            with { MemoryBytes = 64L << 20, NanoCpus = 500_000_000 };

        var (exit, output) = await docker.Engine.RunToEndAsync(spec, Timeout, CancellationToken.None);

        Assert.Equal(3, exit);
        Assert.Equal(["67108864", "50000"], output);
    }

    [Fact]
    public async Task Run_OverItsMemoryLimit_IsOomKilled_WithExitCode137()
    {
        var spec = docker.Container("oom", "python3", "-c", "blocks = [bytearray(1 << 20) for _ in range(256)]") with { MemoryBytes = 16L << 20 };
        var id = await docker.Engine.RunAsync(spec).WaitAsync(Timeout);

        var exit = await docker.Engine.WaitAsync(id, CancellationToken.None).WaitAsync(Timeout);
        var facts = await docker.Engine.InspectAsync(id).WaitAsync(Timeout);

        Assert.Equal(137, exit);
        Assert.NotNull(facts);
        Assert.True(facts.OomKilled, "the engine should report OOMKilled");
        Assert.Equal((137, false, 16L << 20), (facts.ExitCode, facts.Running, facts.MemoryLimitBytes));
        Assert.NotNull(facts.FinishedAt);
    }

    [Fact]
    public async Task Build_WithAFailingRunStep_NamesTheStepAndTheBuildersLines_AndTagsNothing()
    {
        using var context = new TempFolder();
        var tag = $"berth-test/failing:{docker.RunId}";
        docker.Images.Add(tag);
        var lines = new List<string>();

        var error = await Assert.ThrowsAsync<ImageBuildFailedException>(() => docker.Engine.BuildImageAsync(
            context.Path, $"FROM {docker.BaseImage}\nRUN echo fine\nRUN echo about to fail && exit 7\nRUN echo never\n", tag, lines.Add).WaitAsync(Timeout));

        Assert.Equal(DockerErrorCodes.ImageBuildFailed, error.Code);
        Assert.Equal("Step 3/4 : RUN echo about to fail && exit 7", error.FailingStep);
        Assert.Contains("returned a non-zero code: 7", error.Error, StringComparison.Ordinal);
        Assert.Contains("about to fail", error.ErrorLines);
        Assert.Contains(lines, l => l.StartsWith("Step 1/4 : FROM", StringComparison.Ordinal));
        Assert.Contains("Step 3/4", error.Message, StringComparison.Ordinal);
        Assert.False(await docker.Engine.ImageExistsAsync(tag).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Run_WithAPublishedPort_IsReachableOn127001_AndPublishedThereOnly()
    {
        var spec = docker.Container("port", "python3", "-m", "http.server", "8080", "--directory", "/") with { PublishPort = 8080 };
        var id = await docker.Engine.RunAsync(spec).WaitAsync(Timeout);

        var facts = await docker.Engine.InspectAsync(id).WaitAsync(Timeout);
        Assert.NotNull(facts);
        Assert.True(facts.Running);
        Assert.NotNull(facts.HostPort);
        Assert.Equal([$"127.0.0.1:{facts.HostPort}"], facts.Published);
        var body = await GetWhenAnsweringAsync(new Uri($"http://127.0.0.1:{facts.HostPort}/hello.txt"));
        Assert.Equal("hello from the tiny image\n", body);
        await docker.Engine.RemoveAsync(id).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Stop_SendsTerm_ThenListRemoveAndInspect_SeeItGone()
    {
        var id = await docker.Engine.RunAsync(docker.Container("stop", "sleep", "300")).WaitAsync(Timeout);
        var listed = await docker.Engine.ListAsync(docker.RunLabel).WaitAsync(Timeout);
        Assert.Contains(listed, c => c.Id == id && c.State == "running" && c.Name == $"berth-test-stop-{docker.RunId}");

        await docker.Engine.StopAsync(id, TimeSpan.FromSeconds(10)).WaitAsync(Timeout);
        var stopped = await docker.Engine.InspectAsync(id).WaitAsync(Timeout);
        await docker.Engine.RemoveAsync(id).WaitAsync(Timeout);

        Assert.NotNull(stopped);
        Assert.Equal((false, 143), (stopped.Running, stopped.ExitCode)); // SIGTERM reached sleep through the init process
        Assert.Null(await docker.Engine.InspectAsync(id).WaitAsync(Timeout));
        await docker.Engine.RemoveAsync(id).WaitAsync(Timeout); // gone already: not an error
        await docker.Engine.KillAsync(id).WaitAsync(Timeout);
    }

    [Fact]
    public async Task FollowLogs_StoppedAndStartedAgain_WritesEveryLineOnce_InOrder()
    {
        using var folder = new TempFolder();
        var log = folder.Combine("log");
        var cursor = folder.Combine("log.cursor");
        var id = await docker.Engine.RunAsync(docker.Container(
            "logs", "sh", "-c", "i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); sleep 0.05; done; echo done >&2")).WaitAsync(Timeout);

        using (var first = new CancellationTokenSource())
        {
            var following = docker.Engine.FollowLogsAsync(id, log, cursor, first.Token);
            await WaitForAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("line 5\n", StringComparison.Ordinal));
            await first.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following.WaitAsync(Timeout));
        }

        await docker.Engine.FollowLogsAsync(id, log, cursor, CancellationToken.None).WaitAsync(Timeout); // ends with the container

        var expected = Enumerable.Range(1, 30).Select(i => $"line {i}\n").Append("done\n");
        Assert.Equal(string.Concat(expected), File.ReadAllText(log));
    }

    [Fact]
    public async Task ImageRequirements_InTheBaseImage_LeaveOutWhatItSatisfiesAndWhatBerthProvides()
    {
        var environment = new Berth.Environments.EnvironmentDefinition
        {
            PipPackages = [new("numpy", ">=1.20"), new("scikit-learn", "==0.22.1"), new("azureml-defaults", ""), new("no-such-package-berth", "")],
        };
        var progress = new List<string>();

        var install = await ImageRequirements.ResolveAsync(docker.Engine, docker.BaseImage, environment, progress.Add, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["scikit-learn==0.22.1", "no-such-package-berth"], install);
        Assert.Contains(progress, p => p.Contains("already satisfied", StringComparison.Ordinal) && p.Contains("numpy", StringComparison.Ordinal));
        Assert.Contains(progress, p => p.Contains("provided by Berth", StringComparison.Ordinal) && p.Contains("azureml-defaults", StringComparison.Ordinal));
    }

    private static async Task<string> GetWhenAnsweringAsync(Uri uri)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                return await http.GetStringAsync(uri);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within the timeout");
            await Task.Delay(20);
        }
    }
}
