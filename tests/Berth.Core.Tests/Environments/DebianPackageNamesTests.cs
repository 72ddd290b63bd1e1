using Berth.Environments;

namespace Berth.Tests.Environments;

public sealed class DebianPackageNamesTests
{
    [Theory]
    [InlineData("scikit-learn", "python3-sklearn")]
    [InlineData("pandas", "python3-pandas")]
    [InlineData("torch", "python3-torch")]
    [InlineData("PyYAML", "python3-yaml")]
    [InlineData("python_dateutil", "python3-dateutil")]
    public void PipName_MapsToTheDebianPackageOfTheSystemPython(string pip, string debian)
    {
        Assert.Equal(debian, DebianPackageNames.For(pip));
    }

    [Theory]
    [InlineData("1.2.1+dfsg-1", "1.2.1")]
    [InlineData("1:1.24.2-1", "1.24.2")]
    [InlineData("6.0-3+b2", "6.0")]
    [InlineData("9.4.0-1.1+deb12u1", "9.4.0")]
    [InlineData("1.0~rc1-2", "1.0rc1")]
    public void DebianVersion_GivesTheUpstreamVersion(string debian, string upstream)
    {
        Assert.Equal(upstream, DebianPackageNames.UpstreamVersion(debian));
    }
}
