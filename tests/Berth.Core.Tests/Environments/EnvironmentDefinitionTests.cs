using Berth.Environments;
using Berth.Errors;

namespace Berth.Tests.Environments;

public sealed class EnvironmentDefinitionTests
{
    private const string Compact = """
        name: first
        channels: [conda-forge, defaults]
        dependencies: [python=3.11, numpy=1.26, {pip: [azureml-defaults, scikit-learn==1.3.2, "requests >= 2.0, <3"]}]
        variables: {B: "2", A: "1"}
        """;

    private const string Verbose = """
        # same environment, other name, other formatting and order
        name:   second
        channels:
          - conda-forge
          - defaults
        variables:
          A: "1"
          B: "2"
        dependencies:
          - python=3.11
          - numpy=1.26
          - pip:
            - requests<3,>=2.0
            - Scikit_Learn == 1.3.2
            - AzureML-Defaults
        """;

    private static EnvironmentDefinition Conda(string yaml) => EnvironmentDefinitionLoader.Parse(yaml, "env.yml");

    [Fact]
    public void ComputeHash_EquivalentDefinitionsFormattedDifferently_AreEqual()
    {
        var first = Conda(Compact);
        var second = Conda(Verbose);

        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(first.ComputeHash(), second.ComputeHash());
        Assert.Matches("^[0-9a-f]{64}$", first.ComputeHash());
    }

    [Fact]
    public void ComputeHash_ChangedVersionPin_Differs()
    {
        var changed = Conda(Compact.Replace("scikit-learn==1.3.2", "scikit-learn==1.3.1", StringComparison.Ordinal));

        Assert.NotEqual(Conda(Compact).ComputeHash(), changed.ComputeHash());
    }

    [Fact]
    public void ComputeHash_ChannelOrderSwapped_Differs()
    {
        var swapped = Conda(Compact.Replace("[conda-forge, defaults]", "[defaults, conda-forge]", StringComparison.Ordinal));

        Assert.NotEqual(Conda(Compact).ComputeHash(), swapped.ComputeHash());
    }

    [Fact]
    public void ComputeHash_PythonPinChanged_Differs()
    {
        Assert.NotEqual(Conda(Compact).ComputeHash(), Conda(Compact.Replace("python=3.11", "python=3.12", StringComparison.Ordinal)).ComputeHash());
    }

    [Fact]
    public void ComputeHash_DockerStepAdded_Differs()
    {
        var definition = Conda(Compact);

        Assert.NotEqual(definition.ComputeHash(), definition.WithOverrides(dockerSteps: ["RUN apt-get install -y libgomp1"]).ComputeHash());
    }

    [Fact]
    public void ComputeHash_SamePipPackagesInRequirementsFileAndCondaFile_AreEqual()
    {
        var requirements = EnvironmentDefinitionLoader.Parse("Requests>=2.0,<3\nscikit-learn==1.3.2\n", "requirements.txt");
        var conda = Conda("name: only-pip\ndependencies:\n  - pip:\n    - scikit_learn == 1.3.2\n    - requests <3, >=2.0\n");

        Assert.Equal(requirements.ComputeHash(), conda.ComputeHash());
    }

    [Fact]
    public void ComputeHash_EnvironmentVariableValueChanged_Differs()
    {
        Assert.NotEqual(Conda(Compact).ComputeHash(), Conda(Compact.Replace("A: \"1\"", "A: \"9\"", StringComparison.Ordinal)).ComputeHash());
    }

    [Fact]
    public void ToCanonicalJson_RoundTripsThroughFromJson()
    {
        var definition = Conda(Verbose).WithOverrides(
            baseImage: "debian:bookworm",
            dockerSteps: ["RUN echo hi"],
            environmentVariables: ["WORKER_COUNT=2"],
            nuGetPackages: ["Newtonsoft.Json@13.0.3"]);

        var json = definition.ToCanonicalJson();
        var copy = EnvironmentDefinition.FromJson(json);

        Assert.Equal(definition.ComputeHash(), copy.ComputeHash());
        Assert.Equal(json, copy.ToCanonicalJson());
        Assert.Equal("second", copy.Name);
        Assert.Equal(["RUN echo hi"], copy.Docker.ExtraSteps);
        Assert.Equal("2", copy.EnvironmentVariables["WORKER_COUNT"]);
        Assert.Contains("\"specifier\": \"<3,>=2.0\"", json);
    }

    [Fact]
    public void WithOverrides_AppliesBaseImageStepsVariablesAndNuGet()
    {
        var definition = Conda(Compact).WithOverrides(
            baseImage: "python:3.11-slim",
            dockerSteps: ["RUN pip install uv"],
            environmentVariables: ["A=changed", "EMPTY="],
            nuGetPackages: ["Newtonsoft.Json@13.0.1", "newtonsoft.json@13.0.3"]);

        Assert.Equal("python:3.11-slim", definition.Docker.BaseImage);
        Assert.Equal(["RUN pip install uv"], definition.Docker.ExtraSteps);
        Assert.Equal("changed", definition.EnvironmentVariables["A"]);
        Assert.Equal("", definition.EnvironmentVariables["EMPTY"]);
        Assert.Equal(new NuGetPackage("newtonsoft.json", "13.0.3"), Assert.Single(definition.NuGetPackages));
    }

    [Fact]
    public void WithOverrides_MalformedValues_ReportsEveryOne()
    {
        var ex = Assert.Throws<ConfigValidationException>(() => new EnvironmentDefinition().WithOverrides(
            environmentVariables: ["NOEQUALS", "1BAD=x"],
            nuGetPackages: ["Newtonsoft.Json"]));

        Assert.Equal(["--env", "--env", "--nuget"], ex.Issues.Select(i => i.Field));
        Assert.Equal("\"Newtonsoft.Json\" is not a NuGet package reference; write it as Id@Version, e.g. Newtonsoft.Json@13.0.3", ex.Issues[2].Message);
    }
}
