using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>Models/identity_types.onnx (one Identity per OIP datatype, shape [n, 2]) named with --onnx_model, as model "types".</summary>
public sealed class OnnxTypesFixture : ServerFixture
{
    protected override string? EntryScript => null;

    protected override string[] Arguments => ["--onnx_model", Paths.Model("identity_types.onnx")];

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["BERTH_MODEL_NAME"] = "types" };
}
