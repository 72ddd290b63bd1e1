using Berth.Errors;
using Berth.Server.Targets.Docker;

namespace Berth.Server.Tests.Targets.Docker;

/// <summary>
/// The real Docker engine for the tests, with Berth's base image and a tiny image built from it once. Fails every test
/// of the class with a sentence saying what to do when the engine or the base image is missing. Everything the tests
/// create carries <see cref="RunLabel"/> and is removed at the end.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    internal DockerEngine Engine { get; } = new();

    internal string BaseImage { get; private set; } = string.Empty;

    /// <summary>A tag FROM the base image with /hello.txt in it.</summary>
    internal string TinyImage { get; } = $"berth-test/tiny:{Guid.NewGuid():N}"[..32];

    internal string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    internal IReadOnlyDictionary<string, string> RunLabel => new Dictionary<string, string> { ["berth.test"] = "1", ["berth.test.run"] = RunId };

    internal List<string> Images { get; } = [];

    public async Task InitializeAsync()
    {
        try
        {
            await Engine.CheckAsync();
            BaseImage = await BerthBaseImage.EnsureAsync(Engine, CancellationToken.None);
        }
        catch (BerthException e)
        {
            throw new InvalidOperationException($"the Docker tests need the engine and Berth's base image: {e.Message}. Run scripts/docker.sh (scripts/test.sh runs it first). hint: {e.Hint}", e);
        }

        using var context = new TempFolder();
        context.WriteFile("hello.txt", "hello from the tiny image\n");
        Images.Add(TinyImage);
        await Engine.BuildImageAsync(context.Path, $"FROM {BaseImage}\nCOPY hello.txt /hello.txt\nCMD [\"cat\", \"/hello.txt\"]\n", TinyImage, _ => { }, new ImageBuildOptions { Labels = RunLabel }, CancellationToken.None)
            .WaitAsync(Timeout);
    }

    internal ContainerSpec Container(string purpose, params string[] command) =>
        new(TinyImage, $"berth-test-{purpose}-{RunId}") { Command = command, Labels = RunLabel };

    public async Task DisposeAsync()
    {
        if (BaseImage.Length == 0)
        {
            Engine.Dispose(); // the engine never answered: nothing was created
            return;
        }

        foreach (var container in await Engine.ListAsync(RunLabel))
        {
            await Engine.RemoveAsync(container.Id);
        }

        foreach (var image in Images)
        {
            await Engine.RemoveImageAsync(image);
        }

        Engine.Dispose();
    }
}
