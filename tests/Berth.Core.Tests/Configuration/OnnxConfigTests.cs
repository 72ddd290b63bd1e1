using Berth.Configuration;
using Berth.Errors;

namespace Berth.Tests.Configuration;

/// <summary>The configs of an ONNX model served with no script: <c>"runtime": "onnx"</c>, and batching in the deployment config.</summary>
public sealed class OnnxConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void InferenceConfig_RuntimeOnnxWithNoEntryScript_IsValid_AndNamesNoScript()
    {
        var spec = InferenceConfigLoader.Load(_folder.Write("inferenceconfig.json", """{"runtime": "onnx"}"""));

        Assert.Equal(ScriptRuntime.Onnx, spec.Runtime);
        Assert.Null(spec.EntryScript);
        Assert.Null(spec.SourceDirectory);
    }

    [Fact]
    public void InferenceConfig_RuntimeOnnxWithAnEntryScript_IsRefused_SayingTheScriptWouldNotRun()
    {
        _folder.Write("score.py", "def init(): pass\n");

        var error = Assert.Throws<ConfigValidationException>(() => InferenceConfigLoader.Load(_folder.Write("inferenceconfig.json", """{"runtime": "onnx", "entryScript": "score.py"}""")));

        var issue = Assert.Single(error.Issues);
        Assert.Equal("entryScript", issue.Field);
        Assert.StartsWith("runtime \"onnx\" serves the model's .onnx file with no entry script; remove entryScript", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InferenceConfig_NoEntryScriptAndNoRuntime_StillNeedsTheScript()
    {
        var error = Assert.Throws<ConfigValidationException>(() => InferenceConfigLoader.Load(_folder.Write("inferenceconfig.json", "{}")));

        Assert.Equal("entryScript", Assert.Single(error.Issues).Field);
    }

    [Fact]
    public void DeploymentConfig_BatchFields_AreBound_AndDefaultToOff()
    {
        var batched = DeploymentConfigLoader.Parse("""{"computeType": "local", "maxBatchSize": 32, "maxBatchDelayMs": 0}""", "dc.json");
        var plain = DeploymentConfigLoader.Parse("""{"computeType": "local"}""", "dc.json");

        Assert.Equal((32, 0), (batched.MaxBatchSize, batched.MaxBatchDelayMs));
        Assert.Equal((1, DeploymentConfigSpec.DefaultMaxBatchDelayMs), (plain.MaxBatchSize, plain.MaxBatchDelayMs));
    }

    [Fact]
    public void DeploymentConfig_Batching_LetsTheRouterSendAWholeBatch_UnlessConcurrencyIsGiven()
    {
        var implied = DeploymentConfigLoader.Parse("""{"computeType": "local", "maxBatchSize": 32}""", "dc.json");
        var given = DeploymentConfigLoader.Parse("""{"computeType": "local", "maxBatchSize": 32, "maxConcurrentRequestsPerContainer": 4}""", "dc.json");

        Assert.Equal(32, implied.MaxConcurrentRequestsPerContainer);
        Assert.Equal(4, given.MaxConcurrentRequestsPerContainer);
    }

    [Theory]
    [InlineData("\"maxBatchSize\": 0", "maxBatchSize", "maxBatchSize must be a whole number from 1 to 65536 (rows stacked into one ONNX Runtime run; 1 turns batching off). Got 0; set it in that range or remove it.")]
    [InlineData("\"maxBatchDelayMs\": -1", "maxBatchDelayMs", "maxBatchDelayMs must be a whole number from 0 to 60000 (how long the first request of a batch waits for others). Got -1; set it in that range or remove it.")]
    public void DeploymentConfig_BatchFieldOutOfRange_NamesTheFieldAndTheRange(string field, string name, string message)
    {
        var error = Assert.Throws<ConfigValidationException>(() => DeploymentConfigLoader.Parse($$"""{"computeType": "local", {{field}}}""", "dc.json"));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(name, issue.Field);
        Assert.Equal(message, issue.Message);
    }

    [Fact]
    public void DeploymentConfig_BatchFieldOnContainer_SaysWhereItApplies()
    {
        var error = Assert.Throws<ConfigValidationException>(() => DeploymentConfigLoader.Parse("""{"computeType": "container", "maxBatchSize": 8}""", "dc.json"));

        Assert.Contains("it applies to local and kubernetes", Assert.Single(error.Issues).Message, StringComparison.Ordinal);
    }
}
