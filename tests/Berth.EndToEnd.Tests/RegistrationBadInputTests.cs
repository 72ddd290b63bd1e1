using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary>Each bad registration gets error + hint on stderr, a non-zero exit, and leaves the workspace unchanged.</summary>
public sealed class RegistrationBadInputTests : IAsyncLifetime
{
    private readonly CliSession _session = new();
    private IReadOnlyList<string> _before = [];

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        var existing = _session.Files.WriteFile("existing.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "existing", "--path", existing);
        _before = _session.WorkspaceEntries();
    }

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Register_PathThatDoesNotExist_SaysSoAndChangesNothing()
    {
        var missing = _session.Files.Combine("nowhere");

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", missing);

        await AssertRefusedAsync(result, $"error: the model path {missing} does not exist", "hint: pass --path");
    }

    [Fact]
    public async Task Register_EmptyFolder_SaysItIsEmpty()
    {
        var empty = _session.Files.Combine("empty");
        Directory.CreateDirectory(empty);

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", empty);

        await AssertRefusedAsync(result, $"error: the model folder {empty} is empty", "hint: put the model's files in the folder");
    }

    [Fact]
    public async Task Register_FolderWithSymlinkOutside_NamesTheLinkAndItsTarget()
    {
        _session.Files.WriteFile("model/ok.bin", "x");
        var outside = _session.Files.WriteFile("secret.txt", "s");
        File.CreateSymbolicLink(_session.Files.Combine("model", "link.txt"), outside);

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.Combine("model"));

        await AssertRefusedAsync(result, $"error: link.txt in {_session.Files.Combine("model")} is a symlink to {outside}, outside the folder being registered", "hint: copy the file into the folder");
    }

    [Fact]
    public async Task Register_FolderWithSymlinkInside_CopiesTheTargetsContent()
    {
        _session.Files.WriteFile("model/real.bin", "content");
        File.CreateSymbolicLink(_session.Files.Combine("model", "alias.bin"), _session.Files.Combine("model", "real.bin"));

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.Combine("model"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("content", File.ReadAllText(_session.Home.Combine("models", "m", "1", "model", "alias.bin")));
    }

    [Fact]
    public async Task Register_UnreadableSpecialFile_SaysItIsNotARegularFile()
    {
        _session.Files.WriteFile("model/ok.bin", "x");
        var fifo = _session.Files.Combine("model", "pipe");
        var mkfifo = await ProcessRunner.RunAsync("mkfifo", [fifo]);
        Assert.True(mkfifo.ExitCode == 0, mkfifo.ToString());

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.Combine("model"));

        await AssertRefusedAsync(result, $"error: {fifo} cannot be read as a model file: it is a fifo, not a regular file", "hint:");
    }

    [Theory]
    [InlineData("a/b", "character '/' at position 2 is not allowed")]
    [InlineData("a..b", "'..' at position 2 is not allowed")]
    [InlineData("my model", "character ' ' at position 3 is not allowed")]
    [InlineData(".hidden", "must start with a letter or digit")]
    public async Task Register_InvalidName_SaysWhatIsWrongWithIt(string name, string expected)
    {
        var file = _session.Files.WriteFile("m.bin", "x");

        var result = await _session.BerthAsync("model", "register", "--name", name, "--path", file);

        await AssertRefusedAsync(result, expected, "hint: choose another --name");
    }

    [Fact]
    public async Task Register_NameLongerThan255_IsRefused()
    {
        var file = _session.Files.WriteFile("m.bin", "x");

        var result = await _session.BerthAsync("model", "register", "--name", new string('a', 256), "--path", file);

        await AssertRefusedAsync(result, "is 256 characters long", "hint: choose another --name");
    }

    [Fact]
    public async Task Register_TagWithoutEquals_IsAUsageError()
    {
        var file = _session.Files.WriteFile("m.bin", "x");

        var result = await _session.BerthAsync("model", "register", "--name", "m", "--path", file, "--tag", "production");

        Assert.Equal(2, result.ExitCode);
        await AssertRefusedAsync(result, "error: --tag \"production\" is not KEY=VALUE", "hint: write it as KEY=VALUE, e.g. --tag area=health");
    }

    [Fact]
    public async Task Register_MissingRequiredOption_NamesItAndPointsAtHelp()
    {
        var result = await _session.BerthAsync("model", "register", "--name", "m");

        Assert.Equal(2, result.ExitCode);
        await AssertRefusedAsync(result, "--path", "hint: see `berth model register --help`");
    }

    private async Task AssertRefusedAsync(ProcessResult result, string error, string hint)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(error, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(hint, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Equal(_before, _session.WorkspaceEntries());
        var list = await _session.BerthAsync("model", "list", "-o", "json");
        Assert.Contains("\"existing\"", list.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\"m\"", list.StandardOutput, StringComparison.Ordinal);
    }
}
