using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

/// <summary><c>onnx_model_invalid</c> over the lines berth-scoring prints when ONNX Runtime 1.31.1 refuses a model (copied from real runs).</summary>
public sealed class OnnxModelInvalidRuleTests
{
    private const string Prefix = "2026-12-02 13:57:41,983 E [20292] azmlinfsrv.user_script - ";

    private const string Garbage = Prefix + "ONNX model failed to load: /srv/app/azureml-models/mnist/2/model.onnx: [ErrorCode:InvalidProtobuf] Load model from /srv/app/azureml-models/mnist/2/model.onnx failed:Protobuf parsing failed.";

    private const string CustomOp = Prefix + "ONNX model failed to load: /srv/app/azureml-models/mnist/2/custom_op.onnx: [ErrorCode:Fail] Load model from /srv/app/azureml-models/mnist/2/custom_op.onnx failed:Fatal error: com.example.custom:BerthSecretOp(-1) is not a registered function/op";

    private const string FutureOpset = Prefix + "ONNX model failed to load: /srv/app/azureml-models/mnist/2/future_opset.onnx: [ErrorCode:Fail] Load model from /srv/app/azureml-models/mnist/2/future_opset.onnx failed:/onnxruntime_src/onnxruntime/core/graph/model_load_utils.h:46 void onnxruntime::model_load_utils::ValidateOpsetForDomain(const std::unordered_map<std::__cxx11::basic_string<char>, int>&, const onnxruntime::logging::Logger&, bool, const std::string&, int) ONNX Runtime only *guarantees* support for models stamped with official released onnx opset versions. Opset 99 is under development and support for this is limited. The operator schemas and or other functionality may change before next ONNX release and in this case ONNX Runtime will not guarantee backward compatibility. Current official support for domain ai.onnx is till opset 26.";

    private static ServiceEvidence Boot(string line) =>
        For(string.Join('\n', "Berth scoring server v0.1.0", line), Started(0), Exited(1, 3)) with { ServiceName = "mnist" };

    [Fact]
    public void GarbageFile_IsOnnxModelInvalid_NotInitFailed_AndCertain()
    {
        var evidence = Boot(Garbage);

        var d = Only(evidence, "onnx_model_invalid");

        Assert.Equal("ONNX Runtime cannot load the model model.onnx: the file is not a valid ONNX model (its protobuf does not parse).", d.Summary);
        Assert.Single(d.Evidence);
        Assert.Contains("Protobuf parsing failed", d.Evidence[0], StringComparison.Ordinal);
        Assert.StartsWith("Export the model again to model.onnx", d.Remedy, StringComparison.Ordinal);
        Assert.Contains("`berth service update mnist --model <model>:<version>`", d.Remedy, StringComparison.Ordinal);
        Assert.True(DeploymentFailure.IsCertain(Diagnose(evidence)));
    }

    [Theory]
    [InlineData(CustomOp,
        "ONNX Runtime cannot load the model custom_op.onnx: it uses the operator com.example.custom:BerthSecretOp, which ONNX Runtime does not have (a custom operator).",
        "Export the model without custom operators")]
    [InlineData(FutureOpset,
        "ONNX Runtime cannot load the model future_opset.onnx: it is stamped with opset 99, which this ONNX Runtime does not support (this ONNX Runtime supports opset 26 at most).",
        "Export the model with an older opset (this ONNX Runtime supports opset 26 at most)")]
    public void CustomOperatorOrFutureOpset_SaysWhichAndHowToExport(string line, string summary, string remedyStart)
    {
        var d = Only(Boot(line), "onnx_model_invalid");

        Assert.Equal(summary, d.Summary);
        Assert.StartsWith(remedyStart, d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherLoadErrors_KeepOnnxRuntimesMessage()
    {
        var d = Only(Boot(Prefix + "ONNX model failed to load: /srv/m.onnx: the file does not exist."), "onnx_model_invalid");

        Assert.Equal("ONNX Runtime cannot load the model m.onnx: the file does not exist.", d.Summary);
    }

    [Fact]
    public void ALogWithoutTheMarker_IsNotOnnxModelInvalid()
    {
        var codes = Codes(Boot(Prefix + "Loading ONNX model /srv/m.onnx (CPU execution provider, intra-op threads 2, graph optimization ORT_ENABLE_ALL)"));

        Assert.DoesNotContain("onnx_model_invalid", codes);
    }
}
