using System.Net;
using System.Text;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>
/// An ONNX model deployed with no inference config (issue 12): the replica serves the .onnx file with ONNX Runtime, over
/// the platform's /score (`berth service run`) and the Open Inference Protocol v2 through the router's front door.
/// </summary>
public sealed class OnnxServiceTests : IAsyncLifetime
{
    private static readonly string Sample = Path.Combine(Binaries.RepositoryRoot, "samples", "mnist-onnx");

    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task MnistWithNoInferenceConfig_ScoresThroughScoreAndOip_LikeNumpy()
    {
        await _session.BerthAsync("model", "register", "--name", "mnist", "--path", Path.Combine(Sample, "model.onnx"));
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local", "authEnabled": true}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "digits", "--model", "mnist:1", "--dc", dc);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("ONNX model mnist:1/model.onnx (no entry script)", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("loading the ONNX model", deploy.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("init()", deploy.StandardOutput, StringComparison.Ordinal);
        var expected = ExpectedProbabilities();

        var run = await _session.BerthAsync("service", "run", "digits", "--input-data", "@" + Path.Combine(Sample, "request-score.json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        using (var score = JsonDocument.Parse(run.StandardOutput))
        {
            Assert.Equal(8, score.RootElement.GetProperty("label")[0].GetInt64());
            AssertClose(expected, score.RootElement.GetProperty("probabilities")[0].EnumerateArray().Select(e => e.GetDouble()).ToArray());
        }

        using var show = JsonDocument.Parse((await _session.BerthAsync("service", "show", "digits", "-o", "json")).StandardOutput);
        var infer = show.RootElement.GetProperty("inferenceUri").GetString()!;
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/v2/models/digits/infer$", infer);
        var key = (await _session.BerthAsync("service", "keys", "digits")).StandardOutput.Split('\n').Single(l => l.StartsWith("Primary:", StringComparison.Ordinal))["Primary:".Length..].Trim();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        using (var oip = await http.PostAsync(infer, Json(File.ReadAllText(Path.Combine(Sample, "request-oip.json")))))
        {
            var text = await oip.Content.ReadAsStringAsync();
            Assert.True(oip.StatusCode == HttpStatusCode.OK, text);
            using var body = JsonDocument.Parse(text);
            var outputs = body.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
            Assert.Equal(8, outputs["label"].GetProperty("data")[0].GetInt64());
            AssertClose(expected, outputs["probabilities"].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        }

        // The registered model's name is the OIP name too; its metadata comes from the graph.
        var baseUri = infer[..infer.IndexOf("/v2/", StringComparison.Ordinal)];
        using (var metadata = JsonDocument.Parse(await http.GetStringAsync($"{baseUri}/v2/models/mnist")))
        {
            var input = metadata.RootElement.GetProperty("inputs")[0];
            Assert.Equal("input", input.GetProperty("name").GetString());
            Assert.Equal("FP32", input.GetProperty("datatype").GetString());
            Assert.Equal("[-1,64]", input.GetProperty("shape").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{baseUri}/v2/health/ready")).StatusCode);
        var wrongName = File.ReadAllText(Path.Combine(Sample, "request-oip.json")).Replace("\"name\": \"input\"", "\"name\": \"pixels\"", StringComparison.Ordinal);
        using (var bad = await http.PostAsync(infer, Json(wrongName)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var error = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Contains("pixels", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        // The router's own 401 on an OIP route is the OIP's {"error": ...}, not the platform's {"message": ...}.
        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using (var unauthorized = await anonymous.PostAsync(infer, Json(File.ReadAllText(Path.Combine(Sample, "request-oip.json")))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            using var error = JsonDocument.Parse(await unauthorized.Content.ReadAsStringAsync());
            Assert.True(error.RootElement.TryGetProperty("error", out _), error.RootElement.GetRawText());
        }

        var reload = await _session.BerthAsync("service", "reload", "digits");
        Assert.NotEqual(0, reload.ExitCode);
        Assert.Contains("no entry script, so there is no script to reload", reload.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkWithNoInferenceConfig_ServesTheOnnxModel_AndAnUpdateServesTheNewVersion()
    {
        using var workspace = Berth.Client.Workspace.Get(_session.Server.Url, _session.Server.Token, TimeSpan.FromSeconds(60));
        var model = await Berth.Client.Model.RegisterAsync(workspace, Path.Combine(Sample, "model.onnx"), "mnist");
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local"}""");

        var service = await Berth.Client.Model.DeployAsync(workspace, "sdk", [model], inferenceConfigPath: null, dc);
        await service.WaitForDeploymentAsync();
        var scored = await service.RunAsync(File.ReadAllText(Path.Combine(Sample, "request-score.json")));
        await _session.BerthAsync("model", "register", "--name", "mnist", "--path", Path.Combine(Sample, "model.onnx"));
        var update = await _session.BerthAsync("service", "update", "sdk", "--model", "mnist:2");

        Assert.Contains("\"label\":[8]", scored.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(update.ExitCode == 0, update.ToString());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var front = service.ScoringUri![..^"/score".Length];
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{front}/v2/models/mnist/versions/2/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{front}/v2/models/mnist/versions/1/ready")).StatusCode);
    }

    [Fact]
    public async Task ServerSidePathsWithNoInferenceConfig_DeploysTheOnnxModel()
    {
        await _session.BerthAsync("model", "register", "--name", "mnist", "--path", Path.Combine(Sample, "model.onnx"));
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local"}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "digits", "--model", "mnist", "--dc", dc, "--server-side-paths");
        var run = await _session.BerthAsync("service", "run", "digits", "--input-data", "@" + Path.Combine(Sample, "request-score.json"));

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("\"label\":[8]", run.StandardOutput.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageOnnxFile_FailsTheDeploy_WithOnnxModelInvalid()
    {
        await _session.BerthAsync("model", "register", "--name", "broken", "--path", _session.Files.WriteFile("broken/model.onnx", "this is not a protobuf"));
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local"}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "broken", "--model", "broken", "--dc", dc);

        Assert.Equal(6, deploy.ExitCode);
        Assert.Contains("cause: onnx_model_invalid", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelWithTwoOnnxFiles_AndNoInferenceConfig_IsRefused_NamingBoth()
    {
        var folder = _session.Files.Combine("two");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Sample, "model.onnx"), Path.Combine(folder, "a.onnx"));
        File.Copy(Path.Combine(Sample, "model.onnx"), Path.Combine(folder, "b.onnx"));
        await _session.BerthAsync("model", "register", "--name", "pair", "--path", folder);
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local"}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "pair", "--model", "pair", "--dc", dc);

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("model pair:1 holds 2: pair:1/two/a.onnx, pair:1/two/b.onnx", deploy.StandardError, StringComparison.Ordinal);
        Assert.Contains("pass --ic", deploy.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxBatchSizeInTheDeploymentConfig_TurnsOnTheReplicasDynamicBatching()
    {
        await _session.BerthAsync("model", "register", "--name", "mnist", "--path", Path.Combine(Sample, "model.onnx"));
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local", "maxBatchSize": 16, "maxBatchDelayMs": 7}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "digits", "--model", "mnist", "--dc", dc);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var logs = await _session.BerthAsync("service", "logs", "digits", "--tail", "200");
        Assert.Contains("Dynamic batching: up to 16 rows per run, waiting up to 7 ms for a batch to fill", logs.StandardOutput, StringComparison.Ordinal);
        var run = await _session.BerthAsync("service", "run", "digits", "--input-data", "@" + Path.Combine(Sample, "request-score.json"));
        Assert.Contains("\"label\":[8]", run.StandardOutput.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchSizeOfZero_IsRefused_NamingTheField()
    {
        await _session.BerthAsync("model", "register", "--name", "mnist", "--path", Path.Combine(Sample, "model.onnx"));
        var dc = _session.Files.WriteFile("dc/deploymentconfig.json", """{"computeType": "local", "maxBatchSize": 0}""");

        var deploy = await _session.BerthAsync("service", "deploy", "--name", "digits", "--model", "mnist", "--dc", dc);

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("maxBatchSize must be a whole number from 1 to 65536", deploy.StandardError, StringComparison.Ordinal);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static double[] ExpectedProbabilities()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Sample, "expected.json")));
        return expected.RootElement.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"probability {i}: numpy {expected[i]}, ONNX Runtime {actual[i]}");
        }
    }
}
