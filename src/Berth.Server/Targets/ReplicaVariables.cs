using System.Globalization;
using Berth.Security;

namespace Berth.Server.Targets;

/// <summary>
/// The environment every replica program (<c>berth-scoring</c>) starts with, whatever the target: the platform's
/// variables (AML_APP_ROOT, AZUREML_MODEL_DIR, AZUREML_ENTRY_SCRIPT, SCORING_TIMEOUT_MS, WORKER_COUNT), Berth's own, the
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
            ["AZUREML_ENTRY_SCRIPT"] = entryScript,
            ["SCORING_TIMEOUT_MS"] = launch.ScoringTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["BERTH_PYTHON"] = python,
            ["SERVICE_NAME"] = spec.ServiceName,
            ["MAX_QUEUE_WAIT_MS"] = ReplicaQueueWaitMs,
            ["WORKER_COUNT"] = launch.WorkerCount.ToString(CultureInfo.InvariantCulture),
        };
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
}
