using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>kitchen.py on one worker, a 1.5 s scoring timeout, a 64 KB body limit, and an app root holding registered models.</summary>
public sealed class PythonKitchenFixture : ServerFixture
{
    public const int TimeoutMs = 1500;

    public PythonKitchenFixture()
    {
        AppRoot = ModelTree.Create();
    }

    public string AppRoot { get; }

    protected override string EntryScript => Paths.Script("kitchen.py");

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SCORING_TIMEOUT_MS"] = TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MAX_REQUEST_BODY_BYTES"] = "65536",
        ["AML_APP_ROOT"] = AppRoot,
        ["AZUREML_MODEL_DIR"] = "azureml-models/mymodel/2",
        ["AZUREML_SOURCE_DIRECTORY"] = "src",
    };
}
