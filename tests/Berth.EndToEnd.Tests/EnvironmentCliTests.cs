using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary><c>berth env register|list|show</c> against a real server.</summary>
public sealed class EnvironmentCliTests : IAsyncLifetime
{
    private const string Conda = """
        name: project_environment
        channels:
          - conda-forge
        dependencies:
          - python=3.11
          - numpy
          - pip:
              - scikit-learn==1.2.1
              - azureml-defaults
        """;

    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Register_CondaYaml_StoresParsedDefinitionAsVersion1()
    {
        var file = _session.Files.WriteFile("env.yml", Conda);

        var register = await _session.BerthAsync("env", "register", "--name", "sk", "--file", file, "--env", "LOG_LEVEL=debug");
        var show = await _session.BerthAsync("env", "show", "sk:1", "-o", "json");

        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.Equal("sk:1", register.StandardOutput.Trim());
        using var json = JsonDocument.Parse(show.StandardOutput);
        var definition = json.RootElement.GetProperty("definition");
        Assert.Equal("3.11", definition.GetProperty("pythonVersion").GetString());
        Assert.Contains("scikit-learn", definition.GetProperty("pipPackages").ToString(), StringComparison.Ordinal);
        Assert.Equal("debug", definition.GetProperty("environmentVariables").GetProperty("LOG_LEVEL").GetString());
    }

    [Fact]
    public async Task Register_SameDefinitionReformatted_ReusesTheVersion_AndAChangeMakesANewOne()
    {
        var first = _session.Files.WriteFile("a.yml", Conda);
        var reformatted = _session.Files.WriteFile("b.yml", Conda.Replace("project_environment", "other_name", StringComparison.Ordinal) + "\n\n");
        var changed = _session.Files.WriteFile("c.yml", Conda.Replace("scikit-learn==1.2.1", "scikit-learn==1.3.0", StringComparison.Ordinal));

        var one = await _session.BerthAsync("env", "register", "--name", "sk", "--file", first);
        var same = await _session.BerthAsync("env", "register", "--name", "sk", "--file", reformatted);
        var next = await _session.BerthAsync("env", "register", "--name", "sk", "--file", changed);

        Assert.Equal("sk:1", one.StandardOutput.Trim());
        Assert.Equal("sk:1", same.StandardOutput.Trim());
        Assert.Contains("unchanged: the definition is identical to sk:1", same.StandardError, StringComparison.Ordinal);
        Assert.Equal("sk:2", next.StandardOutput.Trim());
    }

    [Fact]
    public async Task Register_PipRequirements_ListShowsIt()
    {
        var file = _session.Files.WriteFile("requirements.txt", "# serving\nnumpy>=1.24\nscikit-learn==1.2.1\n");

        await _session.BerthAsync("env", "register", "--name", "pipenv", "--file", file);
        var list = await _session.BerthAsync("env", "list", "-o", "json");

        using var json = JsonDocument.Parse(list.StandardOutput);
        var only = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("pipenv", only.GetProperty("name").GetString());
        Assert.Equal(64, only.GetProperty("hash").GetString()!.Length);
    }

    [Fact]
    public async Task Register_YamlWithSyntaxError_SaysFileLineAndColumnAndStoresNothing()
    {
        var file = _session.Files.WriteFile("broken.yml", "name: x\ndependencies:\n  - python=3.11\n  - [unclosed\n");

        var result = await _session.BerthAsync("env", "register", "--name", "broken", "--file", file);
        var list = await _session.BerthAsync("env", "list", "-o", "json");

        Assert.Equal(5, result.ExitCode);
        Assert.Matches(@"error: broken\.yml:\d+:\d+: ", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("[]", list.StandardOutput.Trim());
    }

    [Fact]
    public async Task Register_FileThatDoesNotExist_SaysSo()
    {
        var result = await _session.BerthAsync("env", "register", "--name", "x", "--file", _session.Files.Combine("none.yml"));

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("does not exist", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: pass --file a conda YAML", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownEnvironment_Is404WithHint()
    {
        var result = await _session.BerthAsync("env", "show", "nope");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("error: no environment named \"nope\" is registered", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: see `berth env list`", result.StandardError, StringComparison.Ordinal);
    }
}
