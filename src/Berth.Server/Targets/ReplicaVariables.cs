using System.Globalization;
using Berth.Security;

namespace Berth.Server.Targets;

/// <summary>
/// The environment every replica program (<c>berth-scoring</c>) starts with, whatever the target: the platform's
/// variables (AML_APP_ROOT, AZUREML_MODEL_DIR, AZUREML_ENTRY_SCRIPT, SCORING_TIMEOUT_MS, WORKER_COUNT), Berth's own (BERTH_ONNX_MODEL
/// instead of AZUREML_ENTRY_SCRIPT for an ONNX model served with no script), the
/// environment's variables, and last the replica secret, so a user's variable cannot replace it. A target that runs the
/// replica elsewhere (a container) passes where the app root, entry script and models are there.
/// </summary>
internal static class ReplicaVariables
{
    /// <summary>The replica may wait for a free worker as long as the router lets a request live: the router, not the replica, queues.</summary>
    private const string ReplicaQueueWaitMs = "3600000";

    public static Dictionary<string, string> For(ReplicaSpec spec, string appRoot, string entryScript, string modelDir, string python)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var launch = spec.Launch;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AML_APP_ROOT"] = appRoot,
            ["AZUREML_MODEL_DIR"] = modelDir,
            ["SCORING_TIMEOUT_MS"] = launch.ScoringTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["BERTH_PYTHON"] = python,
            ["SERVICE_NAME"] = spec.ServiceName,
            ["MAX_QUEUE_WAIT_MS"] = ReplicaQueueWaitMs,
            ["WORKER_COUNT"] = launch.WorkerCount.ToString(CultureInfo.InvariantCulture),
        };
        // A service with no entry script serves its .onnx file; the replica is told which, rather than left to find it.
        variables[IsOnnxModel(entryScript) ? "BERTH_ONNX_MODEL" : "AZUREML_ENTRY_SCRIPT"] = entryScript;
        foreach (var (key, value) in launch.Variables)
        {
            variables[key] = value;
        }

        if (spec.ReplicaToken is not null)
        {
            variables[ReplicaSecret.EnvironmentVariable] = spec.ReplicaToken; // after the user's variables: they cannot replace it
        }

        return variables;
    }

    /// <summary>True when the served file is an ONNX model (a service with no entry script), not a score.py or score.cs.</summary>
    public static bool IsOnnxModel(string servedFile) => servedFile.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The berth-scoring option that names the served file: <c>--onnx_model</c> or <c>--entry_script</c>.</summary>
    public static string ServedFileOption(string servedFile) => IsOnnxModel(servedFile) ? "--onnx_model" : "--entry_script";
}
