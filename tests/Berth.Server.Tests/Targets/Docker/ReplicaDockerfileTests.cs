using System.Runtime.CompilerServices;
using Berth.Environments;
using Berth.Errors;
using Berth.Server.Targets.Docker;

namespace Berth.Server.Tests.Targets.Docker;

/// <summary>
/// The replica image's Dockerfile is checked against stored files in expected/. After a deliberate change, regenerate
/// them with BERTH_UPDATE_EXPECTED=1 and review the diff.
/// </summary>
public sealed class ReplicaDockerfileTests
{
    private const string Base = "berth/base:0123456789ab";

    public static TheoryData<string> Cases() => new(Inputs.Keys);

    private static readonly Dictionary<string, ReplicaImageInputs> Inputs = new()
    {
        ["plain"] = ReplicaImageInputs.From(null, Base, []),
        ["pins"] = ReplicaImageInputs.From(
            new EnvironmentDefinition
            {
                PipPackages = [new("numpy", ">=1.20"), new("scikit-learn", "==0.22.1"), new("joblib", ">=1.0,<2")],
                EnvironmentVariables = new Dictionary<string, string> { ["MODEL_FLAVOUR"] = "diabetes \"v2\" costs $5" },
            },
            Base,
            ["scikit-learn==0.22.1", "joblib>=1.0,<2"]),
        ["custom-base"] = ReplicaImageInputs.From(
            new EnvironmentDefinition { Docker = new DockerSettings(BaseImage: "team/python-ml:3.11", BaseImageRegistry: "127.0.0.1:5000") },
            Base,
            ["pandas==2.2.0"]),
        ["base-dockerfile"] = ReplicaImageInputs.From(
            new EnvironmentDefinition { Docker = new DockerSettings(BaseImage: "ignored/when-a-dockerfile:1", BaseDockerfile: "FROM team/python:3.11\r\nRUN echo from the user's base\r\n") },
            Base,
            []),
        ["extra-steps"] = ReplicaImageInputs.From(
            new EnvironmentDefinition { Docker = new DockerSettings(ExtraSteps: ["RUN apt-get update && apt-get install -y python3-lightgbm", "ENV OMP_NUM_THREADS=1"]) },
            Base,
            []),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_MatchesTheStoredDockerfile(string name)
    {
        var generated = ReplicaDockerfile.Generate(Inputs[name]);
        var expectedPath = Path.Combine(ExpectedFolder(), name + ".Dockerfile");
        if (Environment.GetEnvironmentVariable("BERTH_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(expectedPath, generated);
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run the tests with BERTH_UPDATE_EXPECTED=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath), generated);
    }

    [Fact]
    public void ImageTag_OfIdenticalEnvironments_IsTheSame_AndNamesHashAndBaseKey()
    {
        var a = new EnvironmentDefinition { Name = "a", PipPackages = [new("numpy", "")] };
        var b = new EnvironmentDefinition { Name = "b", PipPackages = [new("numpy", "")] };

        var tag = ReplicaDockerfile.ImageTag(a, Base);

        Assert.Equal(tag, ReplicaDockerfile.ImageTag(b, Base));
        Assert.Equal($"berth/env:{a.ComputeHash()[..16]}-0123456789ab", tag);
        Assert.NotEqual(tag, ReplicaDockerfile.ImageTag(a, "berth/base:ba9876543210"));
        Assert.NotEqual(tag, ReplicaDockerfile.ImageTag(a with { PipPackages = [new("numpy", "==1.24.2")] }, Base));
    }

    [Fact]
    public void Generate_WithALineBreakInAVariable_IsAnEnvironmentError()
    {
        var inputs = ReplicaImageInputs.From(new EnvironmentDefinition { EnvironmentVariables = new Dictionary<string, string> { ["BAD"] = "one\nRUN rm -rf /" } }, Base, []);

        var error = Assert.Throws<BerthException>(() => ReplicaDockerfile.Generate(inputs));

        Assert.Equal(ErrorCodes.EnvironmentInvalid, error.Code);
        Assert.Contains("BAD", error.Message, StringComparison.Ordinal);
    }

    private static string ExpectedFolder([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "expected");
}
