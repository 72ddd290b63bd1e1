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

    [Fact]
    public void Parse_LogFileRotationAndBodyIdleTimeout()
    {
        var options = RouterOptions.Parse(["--log-file", "/tmp/r/router.log", "--log-max-bytes", "4096", "--log-files", "3", "--body-idle-timeout-ms", "1500"]);

        Assert.Equal("/tmp/r/router.log", options.LogFile);
        Assert.Equal(4096, options.LogMaxBytes);
        Assert.Equal(3, options.LogFiles);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.BodyIdleTimeout);
    }

    [Fact]
    public void Parse_Defaults_LogToStandardOutput_TenMegabytesTimesFive_ThirtySecondIdle()
    {
        var options = RouterOptions.Parse([]);

        Assert.Null(options.LogFile);
        Assert.Equal(10L * 1024 * 1024, options.LogMaxBytes);
        Assert.Equal(5, options.LogFiles);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BodyIdleTimeout);
    }

    [Theory]
    [InlineData("--log-max-bytes", "12")]
    [InlineData("--log-files", "0")]
    [InlineData("--body-idle-timeout-ms", "soon")]
    public void Parse_BadNumbers_NameTheOption(string name, string value)
    {
        var error = Assert.Throws<BerthException>(() => RouterOptions.Parse([name, value]));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
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

    [Fact]
    public void CommandLine_WinsOverEnvironment_WhichWinsOverTheConfigFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"router-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"logFiles": 3, "logMaxBytes": 4096, "bodyIdleTimeoutMs": 900}""");
        try
        {
            var environment = new Dictionary<string, string?> { ["BERTH_ROUTER_CONFIG"] = file, ["BERTH_ROUTER_LOG_FILES"] = "4" };

            var options = RouterOptions.Parse(["--body-idle-timeout-ms", "1500"], environment);

            Assert.Equal(TimeSpan.FromMilliseconds(1500), options.BodyIdleTimeout);
            Assert.Equal(4, options.LogFiles);
            Assert.Equal(4096, options.LogMaxBytes);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BadValueFromTheEnvironment_NamesTheVariable()
    {
        var error = Assert.Throws<BerthException>(() => RouterOptions.Parse([], new Dictionary<string, string?> { ["BERTH_ROUTER_LOG_FILES"] = "many" }));

        Assert.Equal("BERTH_ROUTER_LOG_FILES: \"many\" is not a whole number", error.Message);
    }
}
