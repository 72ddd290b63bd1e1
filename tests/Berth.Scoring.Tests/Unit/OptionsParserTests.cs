using Berth.Scoring.Options;

namespace Berth.Scoring.Tests.Unit;

public sealed class OptionsParserTests
{
    private static OptionsParseResult Parse(string[] args, Dictionary<string, string>? env = null) =>
        OptionsParser.Parse(args, name => env is not null && env.TryGetValue(name, out var v) ? v : null, "/work/app");

    [Fact]
    public void Defaults_MatchThePlatformsServer()
    {
        var o = Parse(["--entry_script", "score.py"]).Options!;
        Assert.Equal("/work/app/score.py", o.EntryScript);
        Assert.Equal(ScriptRuntime.Python, o.Runtime);
        Assert.Equal(5001, o.Port);
        Assert.Equal(1, o.WorkerCount);
        Assert.Equal(3_600_000, o.ScoringTimeoutMs);
        Assert.Equal(100L * 1024 * 1024, o.MaxRequestBodyBytes);
        Assert.Equal("127.0.0.1", o.Host.ToString());
        Assert.Equal("/work/app", o.AppRoot);
        Assert.True(o.ServerVersionHeader);
        Assert.Null(o.ModelDir);
    }

    [Fact]
    public void CommandLine_WinsOverEnvironment()
    {
        var env = new Dictionary<string, string> { ["WORKER_COUNT"] = "3", ["AZUREML_MODEL_DIR"] = "/env/models", ["SCORING_TIMEOUT_MS"] = "60000" };
        var o = Parse(["--entry_script=score.cs", "--worker_count", "2", "--model_dir", "/cli/models", "--port", "0"], env).Options!;
        Assert.Equal(ScriptRuntime.CSharp, o.Runtime);
        Assert.Equal(2, o.WorkerCount);
        Assert.Equal("/cli/models", o.ModelDir);
        Assert.Equal(60_000, o.ScoringTimeoutMs);
        Assert.Equal(0, o.Port);
    }

    [Fact]
    public void DebugPort_TheServersOwnOption_RunsOneWorkerWithoutAScoringTimeout_AndSaysSo()
    {
        var result = Parse(["--entry_script", "score.py", "--debug_port", "5678", "--worker_count", "4"], new() { ["BERTH_DEBUG_WAIT"] = "true" });
        var o = result.Options!;
        Assert.Equal(5678, o.DebugPort);
        Assert.True(o.DebugWait);
        Assert.Equal(1, o.WorkerCount);
        Assert.Equal(int.MaxValue, o.ScoringTimeoutMs);
        Assert.Contains(result.Warnings, w => w.Contains("running 1 worker instead of 4", StringComparison.Ordinal));
        Assert.Null(Parse(["--entry_script", "score.py"]).Options!.DebugPort);
        Assert.Contains(Parse(["--entry_script", "score.py", "--debug_port", "0"]).Errors, e => e.Contains("--debug_port / BERTH_DEBUG_PORT must be an integer in [1, 65535]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("no")]
    public void ServerVersionHeader_IsOffForAnythingButTrue(string value)
    {
        var o = Parse(["--entry_script", "s.py"], new() { ["SERVER_VERSION_LOG_RESPONSE_ENABLED"] = value }).Options!;
        Assert.False(o.ServerVersionHeader);
    }

    [Fact]
    public void Errors_AreAllReported()
    {
        var result = Parse(["--entry_script", "s.txt", "--port", "70000", "--worker_count", "x", "--nope", "1"]);
        Assert.Null(result.Options);
        Assert.Equal(5, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Contains("unknown option '--nope'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("unexpected argument '1'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("must end in .py (Python) or .cs (C#)", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingEntryScript_IsAnError()
    {
        var result = Parse([]);
        Assert.Null(result.Options);
        Assert.Contains("--entry_script", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigFile_IsTheLowestPriority_AndExtraKeysAreWarned()
    {
        const string json = """{"entry_script": "from-file.py", "WORKER_COUNT": 3, "port": 6000, "SCORING_TIMEOUT_MS": "1000", "unknown_key": 1}""";
        var env = new Dictionary<string, string> { ["SCORING_TIMEOUT_MS"] = "2000" };
        var result = OptionsParser.Parse(["--config_file", "cfg.json", "--port", "7000"], n => env.GetValueOrDefault(n), "/work/app",
            path => path == "/work/app/cfg.json" ? json : throw new FileNotFoundException(path));
        var o = result.Options!;
        Assert.Equal("/work/app/from-file.py", o.EntryScript);
        Assert.Equal(3, o.WorkerCount);
        Assert.Equal(7000, o.Port);
        Assert.Equal(2000, o.ScoringTimeoutMs);
        Assert.Equal("/work/app/cfg.json", o.ConfigFile);
        Assert.Equal("Found extra keys in the config file: unknown_key. They are ignored.", Assert.Single(result.Warnings));
    }

    [Fact]
    public void ConfigFile_Unreadable_IsAnError()
    {
        var result = OptionsParser.Parse(["--entry_script", "s.py", "--config_file", "cfg.json"], _ => null, "/work/app", _ => "[1, 2]");
        Assert.Null(result.Options);
        Assert.Equal("config file /work/app/cfg.json must hold a JSON object", Assert.Single(result.Errors));
    }

    [Fact]
    public void NoEntryScriptConfigured_UsesMainPyInTheAppRoot_AsThePlatformDoes()
    {
        var result = OptionsParser.Parse([], name => name == "AML_APP_ROOT" ? "/srv/app" : null, "/work/app", fileExists: path => path == "/srv/app/main.py");

        Assert.Equal("/srv/app/main.py", result.Options!.EntryScript);
    }

    [Fact]
    public void NoEntryScriptAndNoMainPy_IsAnError_NamingAllThreeWays()
    {
        var result = OptionsParser.Parse([], _ => null, "/work/app", fileExists: _ => false);

        Assert.Null(result.Options);
        Assert.Contains("main.py", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void AppInsightsAndGunicornSettings_AreAccepted_WithASayingWhatBecomesOfThem()
    {
        var env = new Dictionary<string, string> { ["AML_APP_INSIGHTS_ENABLED"] = "true", ["AML_APP_INSIGHTS_KEY"] = "k", ["WORKER_TIMEOUT"] = "300", ["WORKER_PRELOAD"] = "true" };

        var result = Parse(["--entry_script", "score.py", "--appinsights_instrumentation_key", "abc"], env);

        Assert.NotNull(result.Options);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.StartsWith("--appinsights_instrumentation_key is accepted: Application Insights is not forwarded", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("AML_APP_INSIGHTS_ENABLED is set: Application Insights is not forwarded", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("WORKER_TIMEOUT is set: ", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("WORKER_PRELOAD is set: ", StringComparison.Ordinal));
    }
}
