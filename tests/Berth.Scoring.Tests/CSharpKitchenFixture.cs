using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>kitchen.cs with a 1.5 s scoring timeout and an app root holding registered models.</summary>
public sealed class CSharpKitchenFixture : ServerFixture
{
    public const int TimeoutMs = 1500;

    public string AppRoot { get; } = ModelTree.Create();

    protected override string EntryScript => Paths.Script("kitchen.cs");

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SCORING_TIMEOUT_MS"] = TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AML_APP_ROOT"] = AppRoot,
        ["AZUREML_MODEL_DIR"] = "azureml-models/mymodel/2",
    };
}
