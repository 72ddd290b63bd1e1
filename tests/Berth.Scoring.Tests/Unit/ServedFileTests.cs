using Berth.Scoring.Inference;
using Berth.Scoring.Options;

namespace Berth.Scoring.Tests.Unit;

/// <summary>How the replica decides between an entry script and an ONNX model, and which model name the v2 routes answer to.</summary>
public sealed class ServedFileTests
{
    private static OptionsParseResult Parse(string[] args, Dictionary<string, string>? env = null, params string[] onnxFiles) =>
        OptionsParser.Parse(args, name => env is not null && env.TryGetValue(name, out var v) ? v : null, "/work/app",
            fileExists: _ => false, findOnnx: _ => onnxFiles);

    [Fact]
    public void NoScript_AndOneOnnxFileInTheModelDirectory_ServesItWithOnnxRuntime()
    {
        var env = new Dictionary<string, string> { ["AZUREML_MODEL_DIR"] = "azureml-models/mnist/1" };

        var o = Parse([], env, "/work/app/azureml-models/mnist/1/model.onnx").Options!;

        Assert.Equal(ScriptRuntime.Onnx, o.Runtime);
        Assert.Equal("/work/app/azureml-models/mnist/1/model.onnx", o.EntryScript);
        var identity = ModelIdentity.From(o);
        Assert.Equal(("mnist", "1", "mnist"), (identity.Name, identity.Version, string.Join(",", identity.AcceptedNames)));
    }

    [Fact]
    public void OnnxModelOption_NeedsNoModelDirectory_AndBatchingIsReadFromTheEnvironment()
    {
        var env = new Dictionary<string, string> { ["BERTH_MAX_BATCH_SIZE"] = "32", ["BERTH_MAX_BATCH_DELAY_MS"] = "2", ["SERVICE_NAME"] = "digits" };

        var o = Parse(["--onnx_model", "models/m.onnx"], env).Options!;

        Assert.Equal((ScriptRuntime.Onnx, "/work/app/models/m.onnx", 32, 2), (o.Runtime, o.EntryScript, o.MaxBatchSize, o.MaxBatchDelayMs));
        var identity = ModelIdentity.From(o);
        Assert.Equal(("digits", "1", "digits"), (identity.Name, identity.Version, string.Join(",", identity.AcceptedNames)));
    }

    [Fact]
    public void ModelNameAndVersionVariables_WinOverTheLayout_AndTheServiceNameIsAcceptedToo()
    {
        var env = new Dictionary<string, string>
        {
            ["AZUREML_MODEL_DIR"] = "/m/azureml-models/mnist/3", ["BERTH_MODEL_NAME"] = "digits", ["BERTH_MODEL_VERSION"] = "7", ["SERVICE_NAME"] = "svc",
        };

        var identity = ModelIdentity.From(Parse(["--entry_script", "score.py"], env).Options!);

        Assert.Equal(("digits", "7", "digits,svc"), (identity.Name, identity.Version, string.Join(",", identity.AcceptedNames)));
    }

    [Fact]
    public void EntryScript_WinsOverOnnxFilesInTheModelDirectory_AndBatchingItIsWarnedAbout()
    {
        var env = new Dictionary<string, string> { ["AZUREML_MODEL_DIR"] = "/m", ["BERTH_MAX_BATCH_SIZE"] = "8" };

        var result = Parse(["--entry_script", "score.py"], env, "/m/model.onnx");

        Assert.Equal(ScriptRuntime.Python, result.Options!.Runtime);
        Assert.Equal(["--max_batch_size / BERTH_MAX_BATCH_SIZE batches ONNX models only; it has no effect on an entry script."], result.Warnings);
    }

    [Fact]
    public void EntryScriptAndOnnxModelTogether_IsAnError()
    {
        var result = Parse(["--entry_script", "score.py", "--onnx_model", "m.onnx"]);

        Assert.Null(result.Options);
        Assert.Equal(["Give either an entry script (--entry_script / AZUREML_ENTRY_SCRIPT) or an ONNX model (--onnx_model / BERTH_ONNX_MODEL), not both."], result.Errors);
    }

    [Fact]
    public void TwoOnnxFiles_AndNoScript_AsksWhichOne()
    {
        var env = new Dictionary<string, string> { ["AZUREML_MODEL_DIR"] = "/m" };

        var result = Parse([], env, "/m/a.onnx", "/m/sub/b.onnx");

        Assert.Equal(["The model directory /m holds 2 .onnx files (a.onnx, b.onnx); name the one to serve with --onnx_model or BERTH_ONNX_MODEL, or give an entry script."], result.Errors);
    }

    [Theory]
    [InlineData("BERTH_MAX_BATCH_SIZE", "0", "--max_batch_size / BERTH_MAX_BATCH_SIZE must be an integer in [1, 65536], got '0'")]
    [InlineData("BERTH_MAX_BATCH_DELAY_MS", "-1", "--max_batch_delay_ms / BERTH_MAX_BATCH_DELAY_MS must be an integer in [0, 60000], got '-1'")]
    [InlineData("BERTH_ONNX_GRAPH_OPTIMIZATION", "max", "BERTH_ONNX_GRAPH_OPTIMIZATION must be one of all, extended, basic, disabled, got 'max'")]
    public void BadOnnxSettings_AreErrorsNamingTheKey(string variable, string value, string error)
    {
        var result = Parse(["--onnx_model", "m.onnx"], new Dictionary<string, string> { [variable] = value });

        Assert.Equal([error], result.Errors);
    }

    [Fact]
    public void FindOnnx_LooksInTheDirectoryAndOneFolderDown_NotDeeper()
    {
        var dir = Directory.CreateTempSubdirectory("berth-find-").FullName;
        foreach (var f in (string[])["a.onnx", "x.pkl", "sub/b.onnx", "sub/deeper/c.onnx"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, f))!);
            File.WriteAllText(Path.Combine(dir, f), "x");
        }

        Assert.Equal([Path.Combine(dir, "a.onnx"), Path.Combine(dir, "sub", "b.onnx")], ServedFile.FindOnnx(dir));
    }
}
