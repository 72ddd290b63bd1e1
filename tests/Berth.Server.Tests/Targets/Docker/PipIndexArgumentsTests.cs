using Berth.Server.Targets.Docker;

namespace Berth.Server.Tests.Targets.Docker;

public sealed class PipIndexArgumentsTests
{
    private static readonly string[] PipConfigList =
    [
        "global.index-url='http://mirror.internal/simple'",
        "global.trusted-host='mirror.internal'",
        "install.extra-index-url='http://extra.internal/simple'",
        "global.timeout='60'",
    ];

    [Fact]
    public void PipConf_IndexExtraIndexAndTrustedHost_BecomeTheBuildsArguments()
    {
        var args = PipIndexArguments.For(_ => null, PipConfigList);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PIP_INDEX_URL"] = "http://mirror.internal/simple",
                ["PIP_EXTRA_INDEX_URL"] = "http://extra.internal/simple",
                ["PIP_TRUSTED_HOST"] = "mirror.internal",
            },
            args);
    }

    [Fact]
    public void TheServersVariables_WinOverPipConf_AndTheInstallSectionOverGlobal()
    {
        var args = PipIndexArguments.For(
            v => v == "PIP_INDEX_URL" ? "http://from-env/simple" : null,
            ["install.index-url='http://install/simple'", "global.index-url='http://global/simple'", "global.extra-index-url='http://global-extra/simple'", "install.extra-index-url='http://install-extra/simple'"]);

        Assert.Equal("http://from-env/simple", args["PIP_INDEX_URL"]);
        Assert.Equal("http://install-extra/simple", args["PIP_EXTRA_INDEX_URL"]);
    }

    [Fact]
    public void NoSettings_NoArguments_SoPipUsesItsDefault()
    {
        Assert.Empty(PipIndexArguments.For(_ => null, ["global.timeout='60'", ":env:.no-color='1'"]));
    }
}
