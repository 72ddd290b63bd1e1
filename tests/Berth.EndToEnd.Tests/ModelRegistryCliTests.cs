using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary>The model commands of the real CLI against a real server.</summary>
public sealed class ModelRegistryCliTests : IAsyncLifetime
{
    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Register_SameNameTwice_PrintsNameAndNextVersion()
    {
        var model = _session.Files.WriteFile("model/weights.bin", "w1");

        var first = await _session.BerthAsync("model", "register", "--name", "diabetes", "--path", Path.GetDirectoryName(model)!);
        var second = await _session.BerthAsync("model", "register", "--name", "diabetes", "--path", model);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("diabetes:1", first.StandardOutput.Trim());
        Assert.Equal("diabetes:2", second.StandardOutput.Trim());
    }

    [Fact]
    public async Task Register_Folder_StoresImmutableCopyUnderNameAndVersionWithHashes()
    {
        var folder = _session.Files.Combine("model");
        _session.Files.WriteFile("model/a.txt", "alpha");
        _session.Files.WriteFile("model/sub/b.txt", "beta");

        await _session.BerthAsync("model", "register", "--name", "m", "--path", folder);
        var show = await _session.BerthAsync("model", "show", "m:1", "--output", "json");

        var stored = _session.Home.Combine("models", "m", "1", "model", "sub", "b.txt");
        Assert.Equal("beta", File.ReadAllText(stored));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(stored));
        using var json = JsonDocument.Parse(show.StandardOutput);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("beta"u8)), files["model/sub/b.txt"]);
        Assert.Equal(["model/a.txt", "model/sub/b.txt"], files.Keys.Order());
    }

    [Fact]
    public async Task List_FilteredByNameAndTag_ReturnsOnlyMatchingVersionsAsJson()
    {
        var file = _session.Files.WriteFile("m.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file, "--tag", "stage=prod", "--tag", "team=ml");
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file, "--tag", "stage=dev");
        await _session.BerthAsync("model", "register", "--name", "b", "--path", file, "--tag", "stage=prod");

        var prod = await _session.BerthAsync("model", "list", "--tag", "stage=prod", "--output", "json");
        var onlyA = await _session.BerthAsync("model", "list", "--name", "a", "--output", "json");
        var anyTeam = await _session.BerthAsync("model", "list", "--tag", "team", "--output", "json");

        Assert.Equal(["a:1", "b:1"], Refs(prod));
        Assert.Equal(["a:1", "a:2"], Refs(onlyA));
        Assert.Equal(["a:1"], Refs(anyTeam));
    }

    [Fact]
    public async Task Show_WithoutVersion_ShowsLatestWithTagsAndDescription()
    {
        var file = _session.Files.WriteFile("m.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file);
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file, "--tag", "k=v", "--description", "second one");

        var show = await _session.BerthAsync("model", "show", "a");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("a:2", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("k=v", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("second one", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("azureml-models/a/2/m.bin", show.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_Version_CopiesIdenticalFilesIntoTarget()
    {
        _session.Files.WriteFile("model/w.bin", "weights");
        _session.Files.WriteFile("model/cfg/c.json", "{}");
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.Combine("model"));
        var target = _session.Files.Combine("out");

        var download = await _session.BerthAsync("model", "download", "m:1", "--target", target);
        var again = await _session.BerthAsync("model", "download", "m:1", "--target", target);

        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal("weights", File.ReadAllText(Path.Combine(target, "model", "w.bin")));
        Assert.Equal("{}", File.ReadAllText(Path.Combine(target, "model", "cfg", "c.json")));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Version_RemovesRecordAndFilesAndKeepsOtherVersions()
    {
        var file = _session.Files.WriteFile("m.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file);
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file);

        var delete = await _session.BerthAsync("model", "delete", "a:1");
        var list = await _session.BerthAsync("model", "list", "--output", "json");
        var next = await _session.BerthAsync("model", "register", "--name", "a", "--path", file);

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal(["a:2"], Refs(list));
        Assert.False(Directory.Exists(_session.Home.Combine("models", "a", "1")));
        Assert.Equal("a:3", next.StandardOutput.Trim());
    }

    [Fact]
    public async Task Delete_WithoutVersion_IsRefusedWithHint()
    {
        var file = _session.Files.WriteFile("m.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file);

        var delete = await _session.BerthAsync("model", "delete", "a");

        Assert.NotEqual(0, delete.ExitCode);
        Assert.Contains("error: \"a\" names no version", delete.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: write NAME:VERSION, e.g. a:1", delete.StandardError, StringComparison.Ordinal);
        Assert.Equal(["a:1"], Refs(await _session.BerthAsync("model", "list", "-o", "json")));
    }

    [Fact]
    public async Task Show_UnknownVersion_SaysWhichVersionsExist()
    {
        var file = _session.Files.WriteFile("m.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "a", "--path", file);

        var show = await _session.BerthAsync("model", "show", "a:7");
        var unknown = await _session.BerthAsync("model", "show", "nothing");

        Assert.Equal(4, show.ExitCode);
        Assert.Contains("error: model a has no version 7", show.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: its versions are 1", show.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: no model named \"nothing\" is registered", unknown.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", show.StandardError + unknown.StandardError, StringComparison.Ordinal);
    }

    private static List<string> Refs(ProcessResult list)
    {
        using var json = JsonDocument.Parse(list.StandardOutput);
        return json.RootElement.EnumerateArray().Select(m => $"{m.GetProperty("name").GetString()}:{m.GetProperty("version").GetInt32()}").ToList();
    }
}
