using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>samples/diabetes: score.py (the pickle, via scikit-learn) and score.cs (the coefficients) agree.</summary>
public sealed class DiabetesSampleTests
{
    private const string Body = "{\"data\": [[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]}";

    [Fact]
    public async Task ScorePyAndScoreCs_GiveTheSamePredictions()
    {
        PythonRequirement.Ensure();
        var py = await PredictAsync("score.py");
        var cs = await PredictAsync("score.cs");
        Assert.Equal(2, py.Length);
        Assert.Equal(py.Length, cs.Length);
        for (var i = 0; i < py.Length; i++)
        {
            Assert.True(Math.Abs(py[i] - cs[i]) <= 1e-9 * Math.Max(1, Math.Abs(py[i])), $"row {i}: score.py {py[i]} vs score.cs {cs[i]}");
        }
    }

    [Fact]
    public async Task ScoreCs_TypedInput_RejectsMissingData()
    {
        await using var server = await ScoringServer.StartAsync(Paths.Sample("diabetes", "score.cs"), null, "--model_dir", Paths.Sample("diabetes", "model"));
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", "{\"data\": [[1, 2]]}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
    }

    private static async Task<double[]> PredictAsync(string script)
    {
        await using var server = await ScoringServer.StartAsync(Paths.Sample("diabetes", script), null, "--model_dir", Paths.Sample("diabetes", "model"));
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", Body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }
}
