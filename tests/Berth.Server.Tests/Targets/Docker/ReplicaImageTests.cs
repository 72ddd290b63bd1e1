using System.Diagnostics;
using Berth.Environments;
using Berth.Server.Targets.Docker;
using Xunit.Abstractions;

namespace Berth.Server.Tests.Targets.Docker;

/// <summary>The generated replica image built and run on the real engine: berth-scoring answers from inside it.</summary>
public sealed class ReplicaImageTests(DockerFixture docker, ITestOutputHelper output) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan Timeout = DockerFixture.Timeout;

    [Fact]
    public async Task ReplicaImage_FromTheBaseImage_RunsBerthScoring_WithTheAppMountedReadOnly()
    {
        var tag = ReplicaDockerfile.ImageTag(new EnvironmentDefinition { Name = "test-" + docker.RunId, EnvironmentVariables = new Dictionary<string, string> { ["BERTH_TEST_RUN"] = docker.RunId } }, docker.BaseImage);
        var inputs = ReplicaImageInputs.From(new EnvironmentDefinition { EnvironmentVariables = new Dictionary<string, string> { ["BERTH_TEST_RUN"] = docker.RunId } }, docker.BaseImage, []);
        docker.Images.Add(tag);
        using var context = new TempFolder();
        using var app = new TempFolder();
        app.WriteFile("score.py", "import os\ndef init():\n    print('init in', os.environ['BERTH_TEST_RUN'])\ndef run(data):\n    return {'echo': data}\n");

        var watch = Stopwatch.StartNew();
        await docker.Engine.BuildImageAsync(context.Path, ReplicaDockerfile.Generate(inputs), tag, _ => { }, new ImageBuildOptions
        {
            Labels = docker.RunLabel,
            Folders = new Dictionary<string, string> { [ReplicaDockerfile.ScoringContextFolder] = ScoringBuildOutput.Find() },
        }, CancellationToken.None).WaitAsync(Timeout);
        output.WriteLine($"replica image build: {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        var id = await docker.Engine.RunAsync(new ContainerSpec(tag, $"berth-test-replica-{docker.RunId}")
        {
            Labels = docker.RunLabel,
            Command = [.. ReplicaDockerfile.DefaultCommand, "--entry_script", ReplicaDockerfile.AppRoot + "/score.py"],
            ReadOnlyBinds = new Dictionary<string, string> { [app.Path] = ReplicaDockerfile.AppRoot },
            PublishPort = ReplicaDockerfile.ContainerPort,
            MemoryBytes = 512L << 20,
            User = $"{NativeMethods.GetUid()}:{NativeMethods.GetGid()}", // as the container target runs it: the owner reads its owner-only files
        }).WaitAsync(Timeout);
        output.WriteLine($"container start: {watch.Elapsed.TotalSeconds:0.00} s");
        using var slot = new TempFolder();
        var log = slot.Combine("log");
        var following = docker.Engine.FollowLogsAsync(id, log, slot.Combine("log.cursor"), CancellationToken.None);
        var facts = await docker.Engine.InspectAsync(id).WaitAsync(Timeout);
        if (facts?.HostPort is null)
        {
            await following.WaitAsync(Timeout);
            Assert.Fail($"the replica container is not running: {facts}; its log:\n{File.ReadAllText(log)}");
        }

        var answer = await PostWhenAnsweringAsync(new Uri($"http://127.0.0.1:{facts.HostPort}/score"), "{\"x\": 1}", id, log);
        output.WriteLine($"first answer after start: {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Contains("\"echo\"", answer, StringComparison.Ordinal);
        Assert.True(await docker.Engine.ImageExistsAsync(tag).WaitAsync(Timeout));
        await docker.Engine.StopAsync(id, TimeSpan.FromSeconds(10)).WaitAsync(Timeout);
        await following.WaitAsync(Timeout);
        Assert.Contains($"init in {docker.RunId}", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplicaImage_WithAPackageNoIndexServes_FailsAtThePipStep_WithPipsWords()
    {
        var tag = $"berth-test/pip-fails:{docker.RunId}";
        docker.Images.Add(tag);
        var inputs = ReplicaImageInputs.From(null, docker.BaseImage, ["no-such-package-berth==9.9.9"]);
        using var context = new TempFolder();
        using var scoring = new TempFolder();

        var error = await Assert.ThrowsAsync<ImageBuildFailedException>(() => docker.Engine.BuildImageAsync(
            context.Path, ReplicaDockerfile.Generate(inputs), tag, _ => { },
            new ImageBuildOptions { Labels = docker.RunLabel, Folders = new Dictionary<string, string> { [ReplicaDockerfile.ScoringContextFolder] = scoring.Path } },
            CancellationToken.None).WaitAsync(Timeout));

        output.WriteLine(error.Message);
        output.WriteLine(string.Join("\n", error.ErrorLines));
        Assert.Contains("RUN [\"python3\",\"-m\",\"pip\",\"install\"", error.FailingStep, StringComparison.Ordinal);
        Assert.Contains("no-such-package-berth==9.9.9", error.FailingStep, StringComparison.Ordinal);
        Assert.Contains(error.ErrorLines, l => l.Contains("no-such-package-berth", StringComparison.Ordinal) && !l.StartsWith("Step", StringComparison.Ordinal));
        Assert.Contains("Python package", error.Hint, StringComparison.Ordinal);
        Assert.False(await docker.Engine.ImageExistsAsync(tag).WaitAsync(Timeout));
    }

    private async Task<string> PostWhenAnsweringAsync(Uri uri, string body, string id, string log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                using var response = await http.PostAsync(uri, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            var facts = await docker.Engine.InspectAsync(id);
            Assert.True(facts?.Running, $"the replica container ended: exit {facts?.ExitCode}, {facts?.Error}; its log:\n{(File.Exists(log) ? File.ReadAllText(log) : "(none)")}");
            Assert.True(DateTime.UtcNow < deadline, "the replica did not answer within the timeout");
            await Task.Delay(100);
        }
    }
}
