using Berth.Server.Services;
using Berth.Server.Targets;

namespace Berth.Server.Tests.Targets;

/// <summary>The replica's environment names its served file: AZUREML_ENTRY_SCRIPT for a script, BERTH_ONNX_MODEL for an ONNX model.</summary>
public sealed class ReplicaVariablesTests
{
    [Theory]
    [InlineData("/app/azureml-models/mnist/1/model.onnx", "BERTH_ONNX_MODEL", "AZUREML_ENTRY_SCRIPT", "--onnx_model")]
    [InlineData("/app/score.py", "AZUREML_ENTRY_SCRIPT", "BERTH_ONNX_MODEL", "--entry_script")]
    [InlineData("/app/score.cs", "AZUREML_ENTRY_SCRIPT", "BERTH_ONNX_MODEL", "--entry_script")]
    public void For_TheServedFile_IsNamedByItsOwnVariable_AndOption(string served, string set, string absent, string option)
    {
        var spec = new ReplicaSpec(
            "g1-r1", "/ws/replica-1",
            new ReplicaLaunch("/app", served, "/app/azureml-models", "/usr/bin/python3", 61000, 1, new Dictionary<string, string>(), Path.GetFileName(served), [], [], null),
            "svc", "token");

        var variables = ReplicaVariables.For(spec, "/app", served, "/app/azureml-models/m/1", "/usr/bin/python3");

        Assert.Equal(served, variables[set]);
        Assert.False(variables.ContainsKey(absent), $"{absent} must not be set for {served}");
        Assert.Equal(option, ReplicaVariables.ServedFileOption(served));
    }
}
