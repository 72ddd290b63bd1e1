using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>ONNX models ONNX Runtime refuses end the replica with exit code 3 and the marker line the diagnosis rule reads.</summary>
public sealed class OnnxBootTests
{
    private const string Marker = "ONNX model failed to load: ";

    private static async Task<(int Code, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        await using var server = await ScoringServer.StartAsync(null, env, args);
        Assert.Null(server.BaseAddress);
        return (await server.WaitForExitAsync(TimeSpan.FromSeconds(60)), server.Output);
    }

    [Fact]
    public async Task GarbageModelFile_InTheModelDirectory_Exits3_NamingTheFileAndOnnxRuntimesCause()
    {
        var dir = Directory.CreateTempSubdirectory("berth-garbage-").FullName;
        var model = Path.Combine(dir, "model.onnx");
        await File.WriteAllBytesAsync(model, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());

        var (code, output) = await RunToExitAsync(new Dictionary<string, string> { ["AZUREML_MODEL_DIR"] = dir });

        Assert.Equal(3, code);
        Assert.Contains($"{Marker}{model}: [ErrorCode:InvalidProtobuf] Load model from {model} failed:Protobuf parsing failed.", output, StringComparison.Ordinal);
        Assert.Contains("Entry Script Runtime: onnx", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("custom_op.onnx", "com.example.custom:BerthSecretOp(-1) is not a registered function/op")]
    [InlineData("future_opset.onnx", "Opset 99 is under development")]
    public async Task ModelOnnxRuntimeCannotRun_Exits3_WithItsMessage(string file, string cause)
    {
        var (code, output) = await RunToExitAsync(null, "--onnx_model", Paths.Model(file));

        Assert.Equal(3, code);
        var line = output.Split('\n').Single(l => l.Contains(Marker, StringComparison.Ordinal));
        Assert.Contains(Paths.Model(file), line, StringComparison.Ordinal);
        Assert.Contains(cause, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingModelFile_Exits3_WithTheMarker()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "model.onnx");

        var (code, output) = await RunToExitAsync(null, "--onnx_model", missing);

        Assert.Equal(3, code);
        Assert.Contains($"{Marker}{missing}: the file does not exist.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Banner_SaysWhichSessionOptionsTheModelLoadsWith()
    {
        var env = new Dictionary<string, string> { ["BERTH_ONNX_INTRA_OP_THREADS"] = "2", ["BERTH_ONNX_GRAPH_OPTIMIZATION"] = "extended", ["BERTH_MAX_BATCH_SIZE"] = "8" };
        await using var server = await ScoringServer.StartAsync(null, env, "--onnx_model", Paths.Sample("mnist-onnx", "model.onnx"));
        server.RequireListening();

        await server.WaitForLineAsync(l => l.Contains("Dynamic batching: up to 8 rows per run", StringComparison.Ordinal), HttpTest.Timeout);
        Assert.Contains("ONNX Runtime Session: CPU execution provider, intra-op threads 2, graph optimization ORT_ENABLE_EXTENDED", server.Output, StringComparison.Ordinal);
        Assert.Contains("Dynamic Batching: up to 8 rows per run, 5 ms delay", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Banner_ByDefault_RunsEachRunOnOneThread()
    {
        await using var server = await ScoringServer.StartAsync(null, new Dictionary<string, string>(), "--onnx_model", Paths.Sample("mnist-onnx", "model.onnx"));
        server.RequireListening();

        await server.WaitForLineAsync(l => l.Contains("ONNX Runtime Session:", StringComparison.Ordinal), HttpTest.Timeout);
        Assert.Contains("ONNX Runtime Session: CPU execution provider, intra-op threads 1, graph optimization ORT_ENABLE_ALL", server.Output, StringComparison.Ordinal);
    }
}
