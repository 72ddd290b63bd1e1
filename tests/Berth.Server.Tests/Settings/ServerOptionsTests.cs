using Berth.Errors;

namespace Berth.Server.Tests.Settings;

/// <summary>berth-server's settings: command line over environment over config file over defaults, and errors that name their key.</summary>
public sealed class ServerOptionsTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly TempFolder _folder = new("berth-settings");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Defaults_AreTheNamedOnes()
    {
        var options = ServerOptions.Parse([], NoEnvironment);

        Assert.Equal(new Uri(ServerOptions.DefaultUrl), options.Url);
        Assert.Equal(TimeSpan.FromSeconds(120), options.ReadyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Backoff.InitialDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Backoff.MaxDelay);
        Assert.Equal(20L << 30, options.UploadMaxBytes);
    }

    [Fact]
    public void CommandLine_WinsOverEnvironment_WhichWinsOverTheConfigFile()
    {
        var file = _folder.WriteFile("server.json", """{"url": "http://127.0.0.1:7801", "readyTimeoutS": 30, "restartInitialDelayMs": 500, "uploadMaxBytes": 1000}""");
        var environment = new Dictionary<string, string?> { ["BERTH_SERVER_CONFIG"] = file, ["BERTH_URL"] = "http://127.0.0.1:7802", ["BERTH_READY_TIMEOUT_S"] = "40" };

        var options = ServerOptions.Parse(["--url", "http://127.0.0.1:7803"], environment);

        Assert.Equal(7803, options.Url.Port); // command line
        Assert.Equal(TimeSpan.FromSeconds(40), options.ReadyTimeout); // environment over the file
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Backoff.InitialDelay); // the file over the default
        Assert.Equal(1000, options.UploadMaxBytes);
    }

    [Fact]
    public void ConfigFileSwitch_WinsOverItsVariable()
    {
        var mine = _folder.WriteFile("mine.json", """{"readyTimeoutS": 7}""");
        var theirs = _folder.WriteFile("theirs.json", """{"readyTimeoutS": 8}""");

        var options = ServerOptions.Parse(["--config-file", mine], new Dictionary<string, string?> { ["BERTH_SERVER_CONFIG"] = theirs });

        Assert.Equal(TimeSpan.FromSeconds(7), options.ReadyTimeout);
    }

    [Fact]
    public void UnknownSwitch_IsRefused_NamingIt_WithTheUsage()
    {
        var error = Assert.Throws<BerthException>(() => ServerOptions.Parse(["--ready-timeout", "5"], NoEnvironment));

        Assert.Contains("unknown argument \"--ready-timeout\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("--ready-timeout-s N", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongType_NamesWhereTheValueCameFrom()
    {
        var error = Assert.Throws<BerthException>(() => ServerOptions.Parse([], new Dictionary<string, string?> { ["BERTH_READY_TIMEOUT_S"] = "soon" }));

        Assert.Equal("BERTH_READY_TIMEOUT_S: \"soon\" is not a whole number", error.Message);
    }

    [Fact]
    public void OutOfRange_NamesTheKeyItsSwitchAndVariable()
    {
        var error = Assert.Throws<BerthException>(() => ServerOptions.Parse(["--restart-initial-delay-ms", "0"], NoEnvironment));

        Assert.Contains("restartInitialDelayMs (--restart-initial-delay-ms, BERTH_RESTART_INITIAL_DELAY_MS): must be from 1 to 3600000 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigFile_WithAnUnknownKeyOrAWrongValue_IsRefused_ReportingEveryProblemAtOnce()
    {
        var file = _folder.WriteFile("server.json", """{"readyTimeout": 5, "uploadMaxBytes": "lots"}""");

        var error = Assert.Throws<BerthException>(() => ServerOptions.Parse(["--config-file", file], NoEnvironment));

        Assert.Contains("2 problems with the settings", error.Message, StringComparison.Ordinal);
        Assert.Contains($"config file {file}: unknown key \"readyTimeout\"", error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"uploadMaxBytes\" in config file {file}: \"lots\" is not a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConfigFile_IsRefused_NamingIt()
    {
        var missing = _folder.Combine("nope.json");

        var error = Assert.Throws<BerthException>(() => ServerOptions.Parse(["--config-file", missing], NoEnvironment));

        Assert.Contains($"config file {missing} could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BeyondLoopback_WithoutTls_IsRefused()
    {
        var error = Assert.Throws<BerthException>(() => ServerOptions.Parse(["--url", "http://0.0.0.0:7700"], NoEnvironment));

        Assert.Equal(ErrorCodes.ServerTlsRequired, error.Code);
    }
}
