using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>samples/mnist-onnx/score.cs: a C# entry script that opens an ONNX Runtime InferenceSession on its model.</summary>
public sealed class OnnxScoreCsSampleFixture : ServerFixture
{
    private readonly string _appRoot = Directory.CreateTempSubdirectory("berth-onnx-cs-").FullName;

    public OnnxScoreCsSampleFixture()
    {
        var version = Path.Combine(_appRoot, "azureml-models", "mnist", "1");
        Directory.CreateDirectory(version);
        File.Copy(Paths.Sample("mnist-onnx", "model.onnx"), Path.Combine(version, "model.onnx"));
    }

    protected override string? EntryScript => Paths.Sample("mnist-onnx", "score.cs");

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AML_APP_ROOT"] = _appRoot,
        ["AZUREML_MODEL_DIR"] = "azureml-models/mnist/1",
    };
}

public sealed class OnnxScoreCsSampleTests(OnnxScoreCsSampleFixture fixture) : IClassFixture<OnnxScoreCsSampleFixture>
{
    [Fact]
    public async Task ScoreCs_RunsTheModelThroughOnnxRuntime_OnGreyLevels()
    {
        using var response = await fixture.Client.PostAsync("/score", Oip.SampleFile("request-score-cs.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("[8]", body.GetProperty("labels").GetRawText());
        Assert.Equal(Oip.Expected.GetProperty("probabilities")[8].GetDouble(), body.GetProperty("confidences")[0].GetDouble(), 1);
        Assert.Equal(10, body.GetProperty("probabilities")[0].GetArrayLength());
    }

    [Fact]
    public async Task ScoreCs_AlsoAnswersTheOpenInferenceProtocol_ThroughRun()
    {
        var greys = Oip.Pixels.Select(p => (float)Math.Round(p * 255 / 16)).ToArray();

        var (status, body) = await Oip.PostAsync(fixture.Client, "/v2/models/mnist/infer", Oip.Request("pixels", [1, 64], greys));

        Assert.Equal(200, status);
        var result = System.Text.Json.JsonDocument.Parse(Oip.Output(body, "output").GetProperty("data")[0].GetString()!).RootElement;
        Assert.Equal("[8]", result.GetProperty("labels").GetRawText());
    }
}
