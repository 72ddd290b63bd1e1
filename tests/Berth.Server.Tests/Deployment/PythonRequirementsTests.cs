using Berth.Environments;
using Berth.Server.Deployment;

namespace Berth.Server.Tests.Deployment;

public sealed class PythonRequirementsTests
{
    [Fact]
    public void CondaMatplotlibBase_IsThePipRequirementMatplotlib()
    {
        var requirements = PythonRequirements.From(new EnvironmentDefinition { CondaPackages = [new PackageRequirement("matplotlib-base", "=3.6")] });

        Assert.Equal("matplotlib==3.6.*", requirements.Wanted["matplotlib"]);
        Assert.False(requirements.Wanted.ContainsKey("matplotlib-base"));
    }

    [Fact]
    public void AzuremlPackagesBerthDoesNotProvide_AreRequirements_TheShimOnesAreNot()
    {
        var requirements = PythonRequirements.From(new EnvironmentDefinition
        {
            PipPackages =
            [
                new PackageRequirement("azureml-interpret", "==1.55.0"), new PackageRequirement("azureml-train-automl-runtime", ""),
                new PackageRequirement("azureml-defaults", ">=1.0.45"), new PackageRequirement("inference-schema", ""), new PackageRequirement("pip", ""),
            ],
        });

        Assert.Equal(["azureml-interpret==1.55.0", "azureml-train-automl-runtime"], requirements.Wanted.Values.Order(StringComparer.Ordinal));
        Assert.Contains("environment: provided by Berth, not installed: azureml-defaults>=1.0.45, inference-schema, pip", requirements.Notes);
    }

    [Fact]
    public void NonPythonCondaPackage_IsSkipped_WithANote()
    {
        var requirements = PythonRequirements.From(new EnvironmentDefinition { CondaPackages = [new PackageRequirement("cudatoolkit", "=11.8"), new PackageRequirement("numpy", "")] });

        Assert.Equal(["numpy"], requirements.Wanted.Keys);
        Assert.Contains("environment: skipping conda package cudatoolkit=11.8: not a Python package, pip has nothing to install for it", requirements.Notes);
    }

    [Fact]
    public void PythonPin_IsASpecifierForTheInterpreter_NotAPackage()
    {
        var requirements = PythonRequirements.From(new EnvironmentDefinition { PythonVersion = "3.8" });

        Assert.Empty(requirements.Wanted);
        Assert.Equal(("python=3.8", "==3.8.*"), (requirements.PythonPin, requirements.PythonSpecifier));
    }

    [Fact]
    public void AptCachePolicy_GivesTheCandidates_LeavingOutPackagesWithout()
    {
        var output = """
            python3-sklearn:
              Installed: 1.2.1+dfsg-1
              Candidate: 1.2.1+dfsg-1
              Version table:
             *** 1.2.1+dfsg-1 500
            python3-nothing:
              Installed: (none)
              Candidate: (none)
            """.Split('\n');

        Assert.Equal(new Dictionary<string, string> { ["python3-sklearn"] = "1.2.1+dfsg-1" }, InstallFacts.Candidates(output));
    }

    [Fact]
    public void IndexUrlWithCredentials_IsShownWithoutThem()
    {
        Assert.Equal("PIP_INDEX_URL=https://***@mirror.invalid/simple", InstallFacts.WithoutCredentials("PIP_INDEX_URL=https://user:token@mirror.invalid/simple"));
    }
}
