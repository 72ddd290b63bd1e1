using Berth.Errors;
using Berth.Router.Hosting;

namespace Berth.Router.Tests.Unit;

public sealed class RouterOptionsTests
{
    [Fact]
    public void Parse_UrlAndStateDir()
    {
        var options = RouterOptions.Parse(["--state-dir", "/tmp/x/../state", "--url", "http://127.0.0.1:7701"]);

        Assert.Equal("/tmp/state", options.StateDirectory);
        Assert.Equal(7701, options.Url.Port);
    }

    [Fact]
    public void Parse_Defaults_PortZero()
    {
        Assert.Equal(0, RouterOptions.Parse([]).Url.Port);
    }

    [Theory]
    [InlineData("--url", "http://0.0.0.0:80")]
    [InlineData("--url", "https://127.0.0.1:80")]
    [InlineData("--bogus", "x")]
    [InlineData("--url")]
    public void Parse_BadArguments_RequestInvalidWithUsageHint(params string[] args)
    {
        var error = Assert.Throws<BerthException>(() => RouterOptions.Parse(args));

        Assert.Equal(ErrorCodes.RequestInvalid, error.Code);
        Assert.NotNull(error.Hint);
    }
}
