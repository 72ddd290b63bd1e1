using Berth.Diagnosis;
using Berth.Diagnosis.Parsing;

namespace Berth.Tests.Diagnosis;

public sealed class TracebackParserTests
{
    [Fact]
    public void FindAll_ChainedPython311Traceback_KeepsBothExceptionsAndTheUserFrame()
    {
        var lines = ReplicaLog.FromText("r", LogSamples.InitKeyError).Lines;

        var tb = Assert.Single(TracebackParser.FindAll(lines));

        Assert.Equal(2, tb.Chain.Count);
        Assert.Equal("KeyError", tb.Primary.Type);
        Assert.Equal("'MODEL_NAME'", tb.Primary.Message);
        Assert.Equal("UserScriptException", tb.Chain[1].ShortType);
        Assert.Equal(("score.py", 9, "init"), (tb.Location!.FileName, tb.Location.Line, tb.Location.Method));
        Assert.Equal("model_name = os.environ[\"MODEL_NAME\"]", tb.Location.Code);
    }

    [Fact]
    public void FindAll_SyntaxError_HasTheUserFileAndLine()
    {
        var log = """
            2026-11-25 12:00:00,797 E [52] azmlinfsrv - Encountered Exception Traceback (most recent call last):
              File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 74, in load_script
                main_module_spec.loader.exec_module(user_module)
              File "<frozen importlib._bootstrap_external>", line 936, in exec_module
              File "<frozen importlib._bootstrap_external>", line 1074, in get_code
              File "<frozen importlib._bootstrap_external>", line 1004, in source_to_code
              File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed
              File "/var/azureml-app/score.py", line 14
                def run(raw_data)
                                 ^
            SyntaxError: expected ':'
            """;

        var tb = Assert.Single(TracebackParser.FindAll(ReplicaLog.FromText("r", log).Lines));

        Assert.Equal("SyntaxError: expected ':'", tb.Primary.Line);
        Assert.Equal("score.py, line 14", tb.Location!.Describe());
    }

    [Fact]
    public void FindAll_DotNetStackTrace_FindsTheUserFrame()
    {
        var tb = Assert.Single(TracebackParser.FindAll(ReplicaLog.FromText("r", LogSamples.DotNetInitFileNotFound).Lines));

        Assert.Equal("System.IO.FileNotFoundException", tb.Primary.Type);
        Assert.Equal("score.cs, line 14, in Init", tb.Location!.Describe());
        Assert.True(tb.PassesThrough("init"));
    }

    [Fact]
    public void FindAll_HealthyLog_FindsNothing()
    {
        Assert.Empty(TracebackParser.FindAll(ReplicaLog.FromText("r", LogSamples.Healthy).Lines));
    }
}
