using System.Text.Json;
using Berth.Configuration;
using Berth.Errors;

namespace Berth.Tests.Configuration;

public sealed class InferenceConfigLoaderTests : IDisposable
{
    private const string Score = "def init():\n    pass\n\ndef run(data):\n    return data\n";
    private const string Env = "name: e\ndependencies:\n  - python=3.11\n  - pip:\n    - numpy\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private InferenceConfigSpec Load(string json) => InferenceConfigLoader.Load(_folder.Write("inferenceconfig.json", json));

    private ConfigValidationException Invalid(string json) => Assert.Throws<ConfigValidationException>(() => Load(json));

    [Fact]
    public void Load_DiabetesSampleWithScoreScript_LoadsCleanly()
    {
        var sample = Path.Combine(RepoPaths.Samples, "diabetes");
        foreach (var file in new[] { "inferenceconfig.json", "myenv.yml" })
        {
            File.Copy(Path.Combine(sample, file), Path.Combine(_folder.Path, file));
        }

        _folder.Write("score.py", Score);

        var spec = InferenceConfigLoader.Load(Path.Combine(_folder.Path, "inferenceconfig.json"));

        Assert.Equal(Path.Combine(_folder.Path, "score.py"), spec.EntryScript);
        Assert.Equal(_folder.Path, spec.SourceDirectory);
        Assert.Equal(ScriptRuntime.Python, spec.Runtime);
        Assert.Equal(Path.Combine(_folder.Path, "myenv.yml"), spec.CondaFile);
        Assert.Equal("3.11", spec.Environment!.PythonVersion);
        Assert.Null(spec.EnvironmentReference);
    }

    [Fact]
    public void Load_EntryScriptInSourceDirectory_ResolvesRelativeToSourceDirectory()
    {
        _folder.Write("src/score.py", Score);

        var spec = Load("""{"entryScript": "score.py", "sourceDirectory": "src"}""");

        Assert.Equal(Path.Combine(_folder.Path, "src", "score.py"), spec.EntryScript);
        Assert.Equal(Path.Combine(_folder.Path, "src"), spec.SourceDirectory);
        Assert.Null(spec.Environment);
    }

    [Fact]
    public void Load_MissingEntryScript_SaysResolvedPath()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Path, "src"));

        var issue = Assert.Single(Invalid("{\n  \"entryScript\": \"score.py\",\n  \"sourceDirectory\": \"src\"\n}").Issues);

        Assert.Equal("entryScript", issue.Field);
        Assert.Equal((2, 3), (issue.Line, issue.Column));
        Assert.Equal($"entry script not found: {Path.Combine(_folder.Path, "src", "score.py")} (\"score.py\" is resolved relative to sourceDirectory)", issue.Message);
    }

    [Fact]
    public void Load_MissingSourceDirectoryAndConda_ReportsBoth()
    {
        _folder.Write("score.py", Score);

        var ex = Invalid("""{"entryScript": "score.py", "sourceDirectory": "nowhere", "condaFile": "env.yml"}""");

        Assert.Equal(["condaFile", "sourceDirectory"], ex.Issues.Select(i => i.Field!).Order(StringComparer.Ordinal));
        Assert.Contains($"source directory not found: {Path.Combine(_folder.Path, "nowhere")}", ex.Message);
        Assert.Contains($"conda file not found: {Path.Combine(_folder.Path, "env.yml")}", ex.Message);
    }

    [Fact]
    public void Load_CSharpScriptWithoutRuntime_InfersCSharp()
    {
        _folder.Write("score.cs", "public class Score {}");

        Assert.Equal(ScriptRuntime.CSharp, Load("""{"entryScript": "score.cs"}""").Runtime);
    }

    [Fact]
    public void Load_CSharpScriptWithPythonRuntime_ReportsMismatch()
    {
        _folder.Write("score.cs", "public class Score {}");

        var issue = Assert.Single(Invalid("""{"entryScript": "score.cs", "runtime": "python"}""").Issues);

        Assert.Equal("runtime", issue.Field);
        Assert.Equal("entry script \"score.cs\" is a C# file but runtime is \"python\"; set runtime to csharp or use a matching script.", issue.Message);
    }

    [Fact]
    public void Load_UnknownRuntime_SaysAllowedValues()
    {
        _folder.Write("score.py", Score);

        var issue = Assert.Single(Invalid("""{"entryScript": "score.py", "runtime": "spark-py"}""").Issues);

        Assert.Equal("runtime \"spark-py\" is not supported; allowed values: python, csharp, onnx.", issue.Message);
    }

    [Fact]
    public void Load_PythonScriptNameNotAnIdentifier_GivesPlatformRule()
    {
        _folder.Write("my-score.py", Score);

        var issue = Assert.Single(Invalid("""{"entryScript": "my-score.py"}""").Issues);

        Assert.Equal("entryScript", issue.Field);
        Assert.StartsWith("Invalid entry_script name: \"my-score\": character '-' at position 3 is not allowed; entry_script name must be a valid python identifier that is not a python keyword", issue.Message);
    }

    [Fact]
    public void Load_PythonScriptNamedAfterKeyword_IsRejected()
    {
        _folder.Write("import.py", Score);

        Assert.Contains("is a Python keyword", Assert.Single(Invalid("""{"entryScript": "import.py"}""").Issues).Message);
    }

    [Fact]
    public void Load_CondaFileAndEnvironmentBoth_ReportsConflict()
    {
        _folder.Write("score.py", Score);
        _folder.Write("env.yml", Env);

        var issue = Assert.Single(Invalid("""{"entryScript": "score.py", "condaFile": "env.yml", "environment": {"name": "sklearn", "version": "1"}}""").Issues);

        Assert.Equal("condaFile", issue.Field);
        Assert.StartsWith("condaFile and environment cannot both be given;", issue.Message);
    }

    [Fact]
    public void Load_EnvironmentReference_IsExposedAsReference()
    {
        _folder.Write("score.py", Score);

        var spec = Load("""{"entryScript": "score.py", "environment": {"name": "sklearn-env", "version": "2"}}""");

        Assert.Equal(new EnvironmentReference("sklearn-env", "2"), spec.EnvironmentReference);
        Assert.Null(spec.Environment);
    }

    [Fact]
    public void Load_InlineEnvironment_IsParsed()
    {
        _folder.Write("score.py", Score);
        var json = """
            {"entryScript": "score.py",
             "environment": {"name": "inline", "python": {"condaDependencies": {"dependencies": ["python=3.9", {"pip": ["numpy==1.26.4"]}]}},
                             "docker": {"baseImage": "python:3.9-slim"}}}
            """;

        var spec = Load(json);

        Assert.Equal("3.9", spec.Environment!.PythonVersion);
        Assert.Equal("numpy", Assert.Single(spec.Environment.PipPackages).Name);
        Assert.Equal("python:3.9-slim", spec.Environment.Docker.BaseImage);
        Assert.Null(spec.EnvironmentReference);
    }

    [Fact]
    public void Load_CondaFileWithErrors_IncludesItsIssuesWithItsFileAndLine()
    {
        _folder.Write("score.py", Score);
        var conda = _folder.Write("env.yml", "name: e\ndependencies:\n  - python=3.11\n  - 42: x\n");

        var ex = Invalid("""{"entryScript": "score.py", "condaFile": "env.yml"}""");

        var issue = Assert.Single(ex.Issues);
        Assert.Equal(conda, issue.File);
        Assert.Equal(4, issue.Line);
    }

    [Fact]
    public void Load_DockerFieldsWithCondaFile_BuildEnvironment()
    {
        _folder.Write("score.py", Score);
        _folder.Write("env.yml", Env);
        _folder.Write("steps.dockerfile", "RUN apt-get update\n\nRUN apt-get install -y libgomp1\n");

        var spec = Load("""{"entryScript": "score.py", "condaFile": "env.yml", "extraDockerfileSteps": "steps.dockerfile", "baseImage": "debian:bookworm", "enableGpu": true, "description": "d"}""");

        Assert.Equal("debian:bookworm", spec.Environment!.Docker.BaseImage);
        Assert.Equal(["RUN apt-get update", "RUN apt-get install -y libgomp1"], spec.Environment.Docker.ExtraSteps);
        Assert.True(spec.Environment.Docker.EnableGpu);
        Assert.Equal("3.11", spec.Environment.PythonVersion);
    }

    [Fact]
    public void Load_PlatformSpellingOfExtraDockerFileSteps_IsAccepted()
    {
        _folder.Write("score.py", Score);
        var steps = _folder.Write("steps.txt", "RUN echo hi\n");

        var spec = Load("""{"entryScript": "score.py", "extraDockerFileSteps": "steps.txt"}""");

        Assert.Equal(steps, spec.ExtraDockerfileSteps);
        Assert.Equal(["RUN echo hi"], spec.Environment!.Docker.ExtraSteps);
    }

    [Fact]
    public void Load_MissingEntryScriptFieldAndUnknownField_ReportsBoth()
    {
        var ex = Invalid("""{"entryScrip": "score.py"}""");

        Assert.Equal(2, ex.Issues.Count);
        Assert.Contains(ex.Issues, i => i.Message.StartsWith("entryScript is required", StringComparison.Ordinal));
        Assert.Contains(ex.Issues, i => i.Message.Contains("did you mean \"entryScript\"?", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_JsonSyntaxError_ReportsLineAndColumn()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            InferenceConfigLoader.Parse("{\n  \"entryScript\": \"score.py\"\n  \"runtime\": \"python\"\n}", "ic.json", _folder.Path));

        Assert.Equal(ErrorCodes.ConfigSyntax, ex.Code);
        Assert.Equal((3, 3), (ex.Issues[0].Line, ex.Issues[0].Column));
    }

    [Fact]
    public void Spec_SerializedWithSystemTextJson_RoundTrips()
    {
        _folder.Write("score.py", Score);
        _folder.Write("env.yml", Env);
        var spec = Load("""{"entryScript": "score.py", "condaFile": "env.yml"}""");

        var json = JsonSerializer.Serialize(spec);
        var copy = JsonSerializer.Deserialize<InferenceConfigSpec>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(copy));
        Assert.Equal(spec.Environment!.ComputeHash(), copy.Environment!.ComputeHash());
    }
}
