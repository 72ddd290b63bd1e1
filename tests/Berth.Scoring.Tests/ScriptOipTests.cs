using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>
/// The Open Inference Protocol over an entry script: one input reaches run() as <c>{"data": nested list}</c>, several
/// as <c>{"name": nested list, ...}</c>; the result comes back as the output "output" (FP64 for numbers, else BYTES).
/// </summary>
public abstract class ScriptOipTests<TFixture>(TFixture fixture, string platform)
    where TFixture : ServerFixture
{
    private const string Infer = "/v2/models/mymodel/infer";

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Metadata_NamesTheRegisteredModelAndVersion_FromTheModelDirectory()
    {
        var (status, body) = await Oip.GetAsync(Client, "/v2/models/mymodel/versions/2");

        Assert.Equal(200, status);
        Assert.Equal($$$"""{"name":"mymodel","versions":["2"],"platform":"{{{platform}}}","inputs":[],"outputs":[]}""", body.GetRawText());
    }

    [Fact]
    public async Task NumericInput_ReachesRunAsDataRows_AndTheListComesBackAsFp64()
    {
        var (status, body) = await Oip.PostAsync(Client, Infer, Oip.Request("x", [2, 2], [1, 2, 3, 4.5f]));

        Assert.Equal(200, status);
        Assert.Equal("""{"name":"output","datatype":"FP64","shape":[2],"data":[3,7.5]}""", Oip.Output(body, "output").GetRawText());
    }

    [Fact]
    public async Task StringResult_IsOneBytesElement_AndCanComeBackBinary()
    {
        var request = """{"parameters": {"binary_data_output": true}, "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["hi"]}]}""";

        using var response = await Client.PostAsync(Infer, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var length = int.Parse(response.Header("Inference-Header-Content-Length")!, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(HttpTest.Timeout);
        Assert.Equal([6, 0, 0, 0, .. "got hi"u8.ToArray()], bytes[length..]);
    }

    [Fact]
    public async Task SeveralInputs_ReachRunByName_AndAnObjectComesBackAsItsJson()
    {
        var request = """{"inputs": [{"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}, {"name": "a", "shape": [1], "datatype": "BOOL", "data": [true]}]}""";

        var (status, body) = await Oip.PostAsync(Client, Infer, request);

        Assert.Equal(200, status);
        var output = Oip.Output(body, "output");
        Assert.Equal("BYTES", output.GetProperty("datatype").GetString());
        Assert.Equal("""{"keys":["a","b"]}""", System.Text.Json.JsonDocument.Parse(output.GetProperty("data")[0].GetString()!).RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunRaising_Is500WithThePlatformsMessage()
    {
        var (status, body) = await Oip.PostAsync(Client, Infer, """{"inputs": [{"name": "t", "shape": [1], "datatype": "BYTES", "data": ["fail"]}]}""");

        Assert.Equal(500, status);
        Assert.Equal("An unexpected error occurred in scoring script. Check the logs for more info.", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnOutputOtherThanOutput_Is400_AndTheReplicaKeepsServing()
    {
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await Oip.PostAsync(Client, Infer, Oip.Request("x", [1], [1]).Replace("\"inputs\"", "\"outputs\": [{\"name\": \"y\"}], \"inputs\"", StringComparison.Ordinal));
            Assert.Equal(400, status);
            Assert.Equal("Output 'y' is not an output of model 'mymodel'; an entry script's run() has one output, 'output'.", body.GetProperty("error").GetString());
        }

        var (ok, _) = await Oip.PostAsync(Client, Infer, Oip.Request("x", [1, 1], [1]));
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task HealthAndUnknownModel_AnswerAsForOnnx()
    {
        var (live, _) = await Oip.GetAsync(Client, "/v2/health/ready");
        var (missing, body) = await Oip.GetAsync(Client, "/v2/models/other/ready");

        Assert.Equal(200, live);
        Assert.Equal(404, missing);
        Assert.Equal("Model with name other does not exist. This replica serves model 'mymodel'.", body.GetProperty("error").GetString());
    }
}

public sealed class PythonOipTests(PythonOipFixture fixture) : ScriptOipTests<PythonOipFixture>(fixture, "berth_score_py"), IClassFixture<PythonOipFixture>;

public sealed class CSharpOipTests(CSharpOipFixture fixture) : ScriptOipTests<CSharpOipFixture>(fixture, "berth_score_cs"), IClassFixture<CSharpOipFixture>;
