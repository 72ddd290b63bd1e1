using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>Start-up failures: each ends the program with its exit code and says why in the log.</summary>
public sealed class BootTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private static async Task<(int Code, string Output)> RunToExitAsync(string script, IReadOnlyDictionary<string, string>? env = null, params string[] args)
    {
        await using var server = await ScoringServer.StartAsync(script, env, args);
        Assert.Null(server.BaseAddress);
        return (await server.WaitForExitAsync(ExitTimeout), server.Output);
    }

    [Fact]
    public async Task PythonInitRaising_Exits3_WithTracebackAndModelDirListing()
    {
        PythonRequirement.Ensure();
        var modelDir = Directory.CreateTempSubdirectory("berth-model-").FullName;
        File.WriteAllText(Path.Combine(modelDir, "weights.pkl"), "x");
        var script = TempScript.Write("score.py", "def init():\n    raise FileNotFoundError('no model here')\n\ndef run(data):\n    return data\n");
        var (code, output) = await RunToExitAsync(script, null, "--model_dir", modelDir);
        Assert.Equal(3, code);
        Assert.Contains("azmlinfsrv.user_script - User's init function failed", output, StringComparison.Ordinal);
        Assert.Contains("Encountered Exception Traceback", output, StringComparison.Ordinal);
        Assert.Contains("FileNotFoundError: no model here", output, StringComparison.Ordinal);
        Assert.Contains("Model Directory Contents:", output, StringComparison.Ordinal);
        Assert.Contains("    weights.pkl", output, StringComparison.Ordinal);
        Assert.Contains("Booting worker with pid: ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("def run(*args):\n    return 1\n", "run() cannot accept positional-only arguments, *args, or **kwargs.")]
    [InlineData("def run(data, **kwargs):\n    return 1\n", "run() cannot accept positional-only arguments, *args, or **kwargs.")]
    [InlineData("def run():\n    return 1\n", "run() needs to accept an argument for input data.")]
    [InlineData("def run(request_headers):\n    return 1\n", "run() needs to accept an argument other than \"request_headers\".")]
    public async Task PythonBadRunSignature_Exits3_WithThePlatformsMessage(string source, string message)
    {
        PythonRequirement.Ensure();
        var (code, output) = await RunToExitAsync(TempScript.Write("score.py", "def init():\n    pass\n\n" + source));
        Assert.Equal(3, code);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonSyntaxError_Exits3_WithTheErrorInTheLog()
    {
        PythonRequirement.Ensure();
        var (code, output) = await RunToExitAsync(TempScript.Write("score.py", "def init():\npass\n\ndef run(data):\n    return data\n"));
        Assert.Equal(3, code);
        Assert.Contains("IndentationError", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingEntryScript_Exits3_NoScoreScriptFound()
    {
        var (code, output) = await RunToExitAsync(Path.Combine(Path.GetTempPath(), "does-not-exist", "score.py"));
        Assert.Equal(3, code);
        Assert.Contains("No score script found. Expected score script", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPythonInterpreter_Exits3_SayingWhichOne()
    {
        var env = new Dictionary<string, string> { ["BERTH_PYTHON"] = "/nonexistent/python3" };
        var (code, output) = await RunToExitAsync(Paths.Script("echo.py"), env);
        Assert.Equal(3, code);
        Assert.Contains("Cannot start the Python interpreter /nonexistent/python3", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadOption_Exits1_WithErrorAndHint()
    {
        var (code, output) = await RunToExitAsync(Paths.Script("echo.py"), null, "--worker_count", "0");
        Assert.Equal(1, code);
        Assert.Contains("error: --worker_count / WORKER_COUNT must be an integer in [1, 64], got '0'", output, StringComparison.Ordinal);
        Assert.Contains("hint: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSharpCompileError_Exits3_WithCompilerStyleLines()
    {
        var script = TempScript.Write("score.cs", "public class Score\n{\n    public void Init() { }\n    public string Run(string data) { return data }\n}\n");
        var (code, output) = await RunToExitAsync(script);
        Assert.Equal(3, code);
        Assert.Contains("\nscore.cs(4,50): error CS1002: ; expected\n", output + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSharpInitRaising_Exits3_WithExceptionAndModelDirListing()
    {
        var modelDir = Directory.CreateTempSubdirectory("berth-model-").FullName;
        File.WriteAllText(Path.Combine(modelDir, "coefficients.json"), "{}");
        var script = TempScript.Write("score.cs", "public class Score\n{\n    public void Init() => throw new FileNotFoundException(\"no model here\");\n    public string Run(string data) => data;\n}\n");
        var (code, output) = await RunToExitAsync(script, null, "--model_dir", modelDir);
        Assert.Equal(3, code);
        Assert.Contains("User's init function failed", output, StringComparison.Ordinal);
        Assert.Contains("System.IO.FileNotFoundException: no model here", output, StringComparison.Ordinal);
        Assert.Contains("score.cs:line 3", output, StringComparison.Ordinal);
        Assert.Contains("Model Directory Contents:", output, StringComparison.Ordinal);
        Assert.Contains("    coefficients.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSharpWithoutRunInput_Exits3_WithTheReason()
    {
        var script = TempScript.Write("score.cs", "public class Score\n{\n    public string Run() => \"x\";\n}\n");
        var (code, output) = await RunToExitAsync(script);
        Assert.Equal(3, code);
        Assert.Contains("Run() needs to accept an argument for input data.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerDyingDuringBoot_IsBootedAgainAndAgain_LikeAnOutOfMemoryLoop()
    {
        PythonRequirement.Ensure();
        var script = TempScript.Write("score.py", "import os\n\ndef init():\n    os._exit(137)\n\ndef run(data):\n    return data\n");
        await using var server = ScoringServer.Launch(script);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (server.Lines.Count(l => l.Contains("Booting worker with pid: ", StringComparison.Ordinal)) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(server.Lines.Count(l => l.Contains("Booting worker with pid: ", StringComparison.Ordinal)) >= 3, server.Output);
        Assert.Contains("exited with code 137 during boot; booting a new one.", server.Output, StringComparison.Ordinal);
        Assert.Null(server.BaseAddress);
    }

    [Fact]
    public async Task PortInUse_Exits4_WhileTheFirstReplicaKeepsServing()
    {
        PythonRequirement.Ensure();
        await using var first = await ScoringServer.StartAsync(Paths.Script("echo.py"));
        var port = first.RequireListening().Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, output) = await RunToExitAsync(Paths.Script("echo.py"), null, "--port", port);
        Assert.Equal(4, code);
        Assert.Contains($"Connection in use: ('127.0.0.1', {port})", output, StringComparison.Ordinal);
        using var response = await first.Client.GetWithTimeoutAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReturnErrorDetails_PutsTheExceptionTextInThe500_OnlyWhenAskedFor()
    {
        PythonRequirement.Ensure();
        var env = new Dictionary<string, string> { ["BERTH_RETURN_ERROR_DETAILS"] = "true" };
        await using var server = await ScoringServer.StartAsync(Paths.Script("kitchen.py"), env);
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", "{\"kind\": \"raise\", \"text\": \"why\"}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("An unexpected error occurred in scoring script. Check the logs for more info. Detail: ValueError: boom: why", await response.MessageAsync());
    }

    [Fact]
    public async Task FullQueue_Is503WithRetryAfter()
    {
        PythonRequirement.Ensure();
        var env = new Dictionary<string, string> { ["MAX_QUEUE_LENGTH"] = "0", ["SERVER_VERSION_LOG_RESPONSE_ENABLED"] = "false" };
        await using var server = await ScoringServer.StartAsync(Paths.Script("kitchen.py"), env);
        server.RequireListening();
        var busy = server.Client.PostAsync("/score", "{\"kind\": \"sleep\", \"seconds\": 3}");
        await WaitUntilBusyAsync(server);
        using var rejected = await server.Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.Equal("1", rejected.Header("Retry-After"));
        Assert.Null(rejected.Header("x-ms-server-version"));
        using var done = await busy;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    private static async Task WaitUntilBusyAsync(ScoringServer server)
    {
        var deadline = DateTime.UtcNow + HttpTest.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var metrics = await server.Client.GetWithTimeoutAsync("/metrics");
            if (System.Text.RegularExpressions.Regex.IsMatch(await metrics.BodyAsync(), @"berth_scoring_busy_workers(\{[^}]*\})? 1\b")) return;
            await Task.Delay(20);
        }

        throw new TimeoutException("the worker never became busy");
    }
}
