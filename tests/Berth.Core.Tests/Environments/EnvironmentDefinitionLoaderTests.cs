using Berth.Environments;
using Berth.Errors;

namespace Berth.Tests.Environments;

public sealed class EnvironmentDefinitionLoaderTests : IDisposable
{
    private const string PlatformConda = """
        # Conda environment specification. The dependencies defined in this file will
        # be automatically provisioned for runs with userManagedDependencies=False.
        name: project_environment
        dependencies:
          # The python interpreter version.
          - python=3.8.10

          - pip:
              - azureml-defaults>=1.0.45
              - inference-schema[numpy-support]==1.3.0
              - joblib
          - numpy
          - scikit-learn==0.24.1
        channels:
          - anaconda
          - conda-forge
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_CondaSpaceSeparatedMatchSpecs_AsCondaEnvExportWritesThem_MeanVersionAndBuild()
    {
        var yaml = "name: x\ndependencies:\n  - numpy 1.24.2 py311h8e6699e_0\n  - pandas 1.5.*\n  - scipy >= 1.10\n  - joblib=1.2.0=pyhd8ed1ab_0\n";

        var definition = EnvironmentDefinitionLoader.Load(_folder.Write("env.yml", yaml));

        Assert.Equal(
            [new PackageRequirement("joblib", "=1.2.0=pyhd8ed1ab_0"), new PackageRequirement("numpy", "=1.24.2=py311h8e6699e_0"),
             new PackageRequirement("pandas", "=1.5.*"), new PackageRequirement("scipy", ">=1.10")],
            definition.CondaPackages.OrderBy(p => p.Name, StringComparer.Ordinal));
        Assert.Equal("==1.24.2", CondaVersions.ToPipSpecifier("=1.24.2=py311h8e6699e_0", out _));
    }

    [Fact]
    public void Load_PlatformCondaYaml_ParsesPythonPinChannelsCondaAndPipPackages()
    {
        var definition = EnvironmentDefinitionLoader.Load(_folder.Write("myenv.yml", PlatformConda));

        Assert.Equal("project_environment", definition.Name);
        Assert.Equal("3.8.10", definition.PythonVersion);
        Assert.Equal(["anaconda", "conda-forge"], definition.Channels);
        Assert.Equal([new PackageRequirement("numpy", ""), new PackageRequirement("scikit-learn", "==0.24.1")], definition.CondaPackages);
        Assert.Equal(
            [
                new PackageRequirement("azureml-defaults", ">=1.0.45"),
                new PackageRequirement("inference-schema", "==1.3.0", "numpy-support"),
                new PackageRequirement("joblib", ""),
            ],
            definition.PipPackages);
        Assert.Equal("inference-schema[numpy-support]==1.3.0", definition.PipPackages[1].ToString());
    }

    [Fact]
    public void Load_DiabetesSampleEnvironment_LoadsCleanly()
    {
        var definition = EnvironmentDefinitionLoader.Load(Path.Combine(RepoPaths.Samples, "diabetes", "myenv.yml"));

        Assert.Equal("diabetes-env", definition.Name);
        Assert.Equal("3.11", definition.PythonVersion);
        Assert.Equal(["conda-forge"], definition.Channels);
        Assert.Equal(["numpy", "scikit-learn"], definition.CondaPackages.Select(p => p.Name));
        Assert.Equal("azureml-defaults", Assert.Single(definition.PipPackages).Name);
    }

    [Fact]
    public void Parse_YamlWithBadIndentation_ReportsSyntaxErrorWithLineAndColumn()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            EnvironmentDefinitionLoader.Parse("name: x\ndependencies:\n  - numpy\n - pandas\n", "env.yml"));

        Assert.Equal(ErrorCodes.ConfigSyntax, ex.Code);
        var issue = Assert.Single(ex.Issues);
        Assert.Equal((4, 2), (issue.Line, issue.Column));
        Assert.StartsWith("env.yml:4:2: YAML syntax error:", issue.ToString());
    }

    [Fact]
    public void Parse_YamlIndentedWithTab_PointsAtTheTab()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            EnvironmentDefinitionLoader.Parse("name: x\ndependencies:\n\t- numpy\n", "env.yml"));

        var issue = Assert.Single(ex.Issues);
        Assert.Equal((3, 1), (issue.Line, issue.Column));
        Assert.Contains("tab", issue.Message);
    }

    [Fact]
    public void Parse_DependencyThatIsNeitherStringNorPipList_ReportsItsLine()
    {
        var yaml = "name: x\ndependencies:\n  - python=3.9\n  - conda: [numpy]\n  - pip:\n    - requests\n";

        var ex = Assert.Throws<ConfigValidationException>(() => EnvironmentDefinitionLoader.Parse(yaml, "env.yml"));

        var issue = Assert.Single(ex.Issues);
        Assert.Equal("dependencies[1]", issue.Field);
        Assert.Equal(4, issue.Line);
        Assert.Equal("a dependency must be a conda package spec (a string such as numpy=1.26) or a \"pip:\" list; got a mapping with \"conda\"", issue.Message);
    }

    [Fact]
    public void Parse_CondaFileWithBadPipEntriesAndUnknownKey_ReportsEveryProblem()
    {
        var yaml = "name: x\nchanel: [defaults]\ndependencies:\n  - pip:\n    - numpy=1.2\n    - --extra-index-url https://example.org\n";

        var ex = Assert.Throws<ConfigValidationException>(() => EnvironmentDefinitionLoader.Parse(yaml, "env.yml"));

        Assert.Equal(3, ex.Issues.Count);
        Assert.Contains("did you mean \"channels\"?", ex.Issues[0].Message);
        Assert.Equal(("dependencies[0].pip[0]", 5), (ex.Issues[1].Field, ex.Issues[1].Line));
        Assert.Contains("'=' is not a pip version operator; use '=='", ex.Issues[1].Message);
        Assert.StartsWith("pip option \"--extra-index-url https://example.org\" is not supported", ex.Issues[2].Message);
    }

    [Fact]
    public void Parse_PipRequirementsFile_KeepsSpecifiersExtrasAndMarkers()
    {
        var text = """
            # scoring dependencies

            numpy >= 1.21, < 2   # pinned below 2
            requests[socks,security]==2.31.0
            pywin32==306 ; sys_platform == "win32"
            Scikit_Learn~=1.3
            """;

        var definition = EnvironmentDefinitionLoader.Parse(text, "requirements.txt");

        Assert.Equal(
            [
                new PackageRequirement("numpy", ">=1.21,<2"),
                new PackageRequirement("requests", "==2.31.0", "socks,security"),
                new PackageRequirement("pywin32", "==306", null, "sys_platform == \"win32\""),
                new PackageRequirement("Scikit_Learn", "~=1.3"),
            ],
            definition.PipPackages);
        Assert.Null(definition.PythonVersion);
    }

    [Fact]
    public void Parse_PipRequirementsWithOptions_ReportsEachAsUnsupportedWithLine()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            EnvironmentDefinitionLoader.Parse("numpy\n-r base.txt\n\n-e .\nflask\n", "requirements.txt"));

        Assert.Equal([2, 4], ex.Issues.Select(i => i.Line!.Value));
        Assert.Equal("requirements.txt:2:1: pip option \"-r base.txt\" is not supported; list the packages themselves (a package index or another requirements file cannot be used here)", ex.Issues[0].ToString());
    }

    [Fact]
    public void Parse_PlatformEnvironmentJson_BindsPythonDockerVariablesAndNuGet()
    {
        var json = """
            {
              "name": "sklearn-env",
              "version": "3",
              "python": {
                "userManagedDependencies": false,
                "interpreterPath": "python",
                "condaDependencies": {
                  "name": "ignored",
                  "channels": ["conda-forge"],
                  "dependencies": ["python=3.10", "numpy", {"pip": ["joblib==1.3.2"]}]
                }
              },
              "environmentVariables": {"MODEL_FLAVOR": "ridge"},
              "docker": {"enabled": true, "baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", "baseDockerfile": null,
                         "baseImageRegistry": {"address": null, "username": null, "password": null}},
              "spark": {"repositories": []},
              "nuget": ["Newtonsoft.Json@13.0.3", {"id": "MathNet.Numerics", "version": "5.0.0"}]
            }
            """;

        var definition = EnvironmentDefinitionLoader.Parse(json, "env.json");

        Assert.Equal(("sklearn-env", "3", "3.10"), (definition.Name, definition.Version, definition.PythonVersion));
        Assert.Equal(["conda-forge"], definition.Channels);
        Assert.Equal("numpy", Assert.Single(definition.CondaPackages).Name);
        Assert.Equal(new PackageRequirement("joblib", "==1.3.2"), Assert.Single(definition.PipPackages));
        Assert.Equal("ridge", definition.EnvironmentVariables["MODEL_FLAVOR"]);
        Assert.Equal("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", definition.Docker.BaseImage);
        Assert.Equal([new NuGetPackage("Newtonsoft.Json", "13.0.3"), new NuGetPackage("MathNet.Numerics", "5.0.0")], definition.NuGetPackages);
    }

    [Fact]
    public void Parse_PipRequirementsWithContinuationAndDirectUrl_KeepsBoth()
    {
        var definition = EnvironmentDefinitionLoader.Parse("numpy \\\n  ==1.26.4\nmylib @ https://example.org/mylib-1.0-py3-none-any.whl\n", "requirements.txt");

        Assert.Equal(new PackageRequirement("numpy", "==1.26.4"), definition.PipPackages[0]);
        Assert.Equal("mylib @ https://example.org/mylib-1.0-py3-none-any.whl", definition.PipPackages[1].ToString());
    }

    [Fact]
    public void Parse_CondaVariables_BecomeEnvironmentVariables()
    {
        var definition = EnvironmentDefinitionLoader.Parse("name: x\nvariables:\n  OMP_NUM_THREADS: 1\ndependencies:\n  - python>=3.9\n", "env.yml");

        Assert.Equal("1", definition.EnvironmentVariables["OMP_NUM_THREADS"]);
        Assert.Equal(">=3.9", definition.PythonVersion);
    }

    [Fact]
    public void Load_PlatformJsonWithCondaDependenciesFile_LoadsItRelativeToTheJson()
    {
        _folder.Write("deps/conda.yml", "dependencies:\n  - python=3.10\n  - pip: [joblib]\n");
        var path = _folder.Write("env.json", """{"name": "e", "python": {"condaDependenciesFile": "deps/conda.yml"}}""");

        var definition = EnvironmentDefinitionLoader.Load(path);

        Assert.Equal(("e", "3.10"), (definition.Name, definition.PythonVersion));
        Assert.Equal("joblib", Assert.Single(definition.PipPackages).Name);
    }

    [Fact]
    public void Parse_PlatformJsonWithUnknownDockerField_SuggestsClosest()
    {
        var ex = Assert.Throws<ConfigValidationException>(() =>
            EnvironmentDefinitionLoader.Parse("""{"name": "e", "docker": {"baseImg": "x"}}""", "env.json"));

        var issue = Assert.Single(ex.Issues);
        Assert.Equal("docker.baseImg", issue.Field);
        Assert.Contains("did you mean \"baseImage\"?", issue.Message);
    }

    [Fact]
    public void Parse_UnknownExtension_SaysWhichFormatsAreAccepted()
    {
        var ex = Assert.Throws<BerthException>(() => EnvironmentDefinitionLoader.Parse("x", "env.toml"));

        Assert.Equal(ErrorCodes.EnvironmentInvalid, ex.Code);
        Assert.Contains(".yml", ex.Hint);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        var ex = Assert.Throws<BerthException>(() => EnvironmentDefinitionLoader.Load(Path.Combine(_folder.Path, "missing.yml")));

        Assert.Equal(ErrorCodes.FileNotFound, ex.Code);
    }
}
