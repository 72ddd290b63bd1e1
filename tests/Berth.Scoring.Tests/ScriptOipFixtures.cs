using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>oip_run.py with the model directory azureml-models/mymodel/2 (so the v2 model is mymodel, version 2).</summary>
public sealed class PythonOipFixture : ServerFixture
{
    protected override string? EntryScript => Paths.Script("oip_run.py");

    protected override IReadOnlyDictionary<string, string> Environment => ScriptOip.Environment();
}

/// <summary>oip_run.cs with the same model directory.</summary>
public sealed class CSharpOipFixture : ServerFixture
{
    protected override string? EntryScript => Paths.Script("oip_run.cs");

    protected override IReadOnlyDictionary<string, string> Environment => ScriptOip.Environment();
}

internal static class ScriptOip
{
    public static Dictionary<string, string> Environment() =>
        new() { ["AML_APP_ROOT"] = ModelTree.Create(), ["AZUREML_MODEL_DIR"] = "azureml-models/mymodel/2" };
}
