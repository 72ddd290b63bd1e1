using Berth.Environments;

namespace Berth.Tests.Environments;

public sealed class CondaTranslationTests
{
    [Theory]
    [InlineData("matplotlib-base", "", "matplotlib")]
    [InlineData("pytorch", "=2.2", "torch==2.2.*")]
    [InlineData("pytorch-cpu", "", "torch")]
    [InlineData("py-xgboost", ">=1.7", "xgboost>=1.7")]
    [InlineData("scikit-learn", "==1.2.1", "scikit-learn==1.2.1")]
    [InlineData("python-dateutil", "", "python-dateutil")]
    [InlineData("conda-forge::pytorch", "", "torch")]
    public void CondaName_BecomesThePipNameThatInstallsIt(string name, string spec, string pip)
    {
        var translation = CondaTranslation.Of(new PackageRequirement(name, spec));

        Assert.Equal(pip, translation.PipRequirement);
        Assert.Null(translation.Error);
    }

    [Theory]
    [InlineData("libgcc")]
    [InlineData("cudatoolkit")]
    [InlineData("mkl")]
    [InlineData("libstdcxx-ng")]
    [InlineData("defaults::openssl")]
    public void NonPythonCondaPackage_HasNoPipRequirement(string name)
    {
        var translation = CondaTranslation.Of(new PackageRequirement(name, "=1.0"));

        Assert.True(translation.IsNotPython);
        Assert.Null(translation.PipRequirement);
    }

    [Theory]
    [InlineData("=2.2", "==2.2.*")]
    [InlineData("2.2", "==2.2.*")]
    [InlineData("==2.2", "==2.2")]
    [InlineData(">=1.0,<2", ">=1.0,<2")]
    [InlineData("=1.2.3=py39_0", "==1.2.3")]
    [InlineData("==1.2.3=py39_0", "==1.2.3")]
    [InlineData("=1.2.*", "==1.2.*")]
    [InlineData("1.2*", "==1.2.*")]
    [InlineData("!=1.5", "!=1.5")]
    [InlineData("", "")]
    public void CondaVersionSpec_BecomesTheSamePipSpecifier(string conda, string pip)
    {
        Assert.Equal(pip, CondaVersions.ToPipSpecifier(conda, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void CondaEitherVersion_HasNoPipEquivalent_AndSaysSo()
    {
        var translation = CondaTranslation.Of(new PackageRequirement("numpy", "1.24|1.25"));

        Assert.Null(translation.PipRequirement);
        Assert.Equal("conda package \"numpy1.24|1.25\": conda's \"|\" (either version) in \"1.24|1.25\" has no pip equivalent; pick one version range", translation.Error);
    }

    [Theory]
    [InlineData("3.8", "==3.8.*", "python=3.8")]
    [InlineData(">=3.9", ">=3.9", "python>=3.9")]
    public void PythonPin_IsASpecifierForTheInterpreter(string pin, string specifier, string described)
    {
        Assert.Equal(specifier, CondaVersions.PythonSpecifier(pin));
        Assert.Equal(described, CondaVersions.DescribePythonPin(pin));
    }
}
