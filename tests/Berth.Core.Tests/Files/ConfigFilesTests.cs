using Berth.Configuration;
using Berth.Errors;
using Berth.Tests;

namespace Berth.Core.Tests.Files;

/// <summary>A config sent as text resolves its paths inside the upload that mirrors the client's files, and names the client's paths.</summary>
public sealed class ConfigFilesTests : IDisposable
{
    private readonly TempFolder _mirror = new();

    public void Dispose() => _mirror.Dispose();

    [Fact]
    public void Parse_InAMirror_FindsTheFilesUnderItsRoot_AndTheSpecPointsThere()
    {
        _mirror.Write("home/u/app/src/score.py", "def init(): pass\ndef run(d): return d\n");
        _mirror.Write("home/u/app/myenv.yml", "name: e\ndependencies:\n  - python=3.11\n  - pip:\n    - numpy\n");

        var spec = InferenceConfigLoader.Parse(
            """{"entryScript": "score.py", "sourceDirectory": "src", "condaFile": "../app/myenv.yml"}""",
            "/home/u/app/inferenceconfig.json", "/home/u/app", ConfigFiles.Mirror(_mirror.Path));

        Assert.Equal(Path.Combine(_mirror.Path, "home/u/app/src/score.py"), spec.EntryScript);
        Assert.Equal(Path.Combine(_mirror.Path, "home/u/app/src"), spec.SourceDirectory);
        Assert.Contains(spec.Environment!.PipPackages, p => p.Name == "numpy");
    }

    [Fact]
    public void Parse_InAMirror_WithAnAbsolutePathOutsideIt_LooksOnlyInsideAndNamesTheClientsPath()
    {
        var error = Assert.Throws<ConfigValidationException>(() => InferenceConfigLoader.Parse(
            """{"entryScript": "/etc/hostname"}""", "/home/u/app/inferenceconfig.json", "/home/u/app", ConfigFiles.Mirror(_mirror.Path)));

        var issue = Assert.Single(error.Issues);
        Assert.Equal("/home/u/app/inferenceconfig.json", issue.File);
        Assert.StartsWith("entry script not found: /etc/hostname", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentJson_SentAsText_NamingAFile_IsRefusedWithoutReadingIt()
    {
        var error = Assert.Throws<ConfigValidationException>(() => Berth.Environments.EnvironmentDefinitionLoader.Parse(
            """{"name": "e", "python": {"condaDependenciesFile": "/etc/shadow.yml"}}""", "env.json", ConfigFiles.None()));

        Assert.Contains(error.Issues, i => i.Message.Contains("the server reads no file named inside a config sent as text", StringComparison.Ordinal));
    }
}
