using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>
/// The sample's model.onnx served with no entry script, found in the model directory laid out as the server lays it
/// out (azureml-models/mnist/1/model.onnx); the service is called mnist-service; a 1 MB body limit; the replica token on.
/// </summary>
public sealed class OnnxMnistFixture : ServerFixture
{
    public const int BodyLimit = 1024 * 1024;

    public OnnxMnistFixture()
    {
        AppRoot = Directory.CreateTempSubdirectory("berth-onnx-").FullName;
        var version = Path.Combine(AppRoot, "azureml-models", "mnist", "1");
        Directory.CreateDirectory(version);
        File.Copy(Paths.Sample("mnist-onnx", "model.onnx"), Path.Combine(version, "model.onnx"));
    }

    public string AppRoot { get; }

    protected override string? EntryScript => null;

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AML_APP_ROOT"] = AppRoot,
        ["AZUREML_MODEL_DIR"] = "azureml-models/mnist/1",
        ["SERVICE_NAME"] = "mnist-service",
        ["MAX_REQUEST_BODY_BYTES"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BERTH_REPLICA_TOKEN"] = Oip.ReplicaToken,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Client.DefaultRequestHeaders.Add(Berth.Security.ReplicaSecret.HeaderName, Oip.ReplicaToken);
    }
}
