using Berth.Api.V1;
using Berth.Server.Deployment;

namespace Berth.Server.Tests.Deployment;

/// <summary>Which .onnx file a service with no entry script serves, and the refusal when there is not exactly one.</summary>
public sealed class OnnxModelFileTests
{
    [Fact]
    public void Find_OneOnnxFileAmongSeveralModels_IsThatFile()
    {
        var (file, problem) = OnnxModelFile.Find([Model("labels", 2, "labels/classes.txt"), Model("mnist", 1, "net/model.ONNX", "net/README.md")]);

        Assert.Null(problem);
        Assert.Equal(("mnist", 1, "net/model.ONNX"), (file!.Model.Name, file.Model.Version, file.RelativePath));
    }

    [Fact]
    public void Find_NoOnnxFile_SaysSo_AndHowToServeTheModelWithAScript()
    {
        var (file, problem) = OnnxModelFile.Find([Model("m", 3, "m/weights.pkl")]);

        Assert.Null(file);
        Assert.Equal(
            "no inference config was given, so the model's .onnx file is served with no entry script, but model m:3 holds no .onnx file; register an ONNX model, or pass --ic with an inference config whose entry script (score.py or score.cs) loads the model it means",
            problem);
    }

    [Fact]
    public void Find_TwoOnnxFilesAcrossModels_NamesEach()
    {
        var (file, problem) = OnnxModelFile.Find([Model("a", 1, "a.onnx"), Model("b", 2, "b/x.onnx")]);

        Assert.Null(file);
        Assert.Contains("models a:1, b:2 holds 2: a:1/a.onnx, b:2/b/x.onnx; register the one to serve as a model of its own, or pass --ic", problem, StringComparison.Ordinal);
    }

    private static ModelDto Model(string name, int version, params string[] files) =>
        new(name, version, null, new Dictionary<string, string>(), new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, name, files.Length > 1,
            0, files.Length, files.Select(f => new ModelFileDto(f, 1, "")).ToList());
}
