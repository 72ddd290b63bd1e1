using System.Text.Json;

namespace Berth.Scoring.Options;

/// <summary>
/// The JSON config file (--config_file / AZUREML_CONFIG_FILE): an object whose keys are option names
/// (<c>entry_script</c>, <c>worker_count</c>, ...) or environment variable names (<c>AZUREML_MODEL_DIR</c>, ...).
/// It has the lowest priority: command line, then environment, then the file.
/// </summary>
internal static class ConfigFile
{
    private static readonly string[] EnvironmentKeys =
    [
        "AZUREML_ENTRY_SCRIPT", "AZUREML_MODEL_DIR", "AML_APP_ROOT", "AZUREML_SOURCE_DIRECTORY", "WORKER_COUNT",
        "SCORING_TIMEOUT_MS", "MAX_QUEUE_LENGTH", "MAX_QUEUE_WAIT_MS", "MAX_CONCURRENT_REQUESTS", "MAX_REQUEST_BODY_BYTES",
        "AML_CORS_ORIGINS", "HEALTH_PORT", "SEPERATE_HEALTH_ENDPOINT", "SERVER_VERSION_LOG_RESPONSE_ENABLED", "SERVICE_NAME",
        "SERVICE_VERSION", "SERVICE_PATH_PREFIX", "AZUREML_LOG_LEVEL", "BERTH_PYTHON", "BERTH_HOME", "BERTH_RETURN_ERROR_DETAILS", "BERTH_ADDRESS_FILE",
        "BERTH_ONNX_MODEL", "BERTH_MAX_BATCH_SIZE", "BERTH_MAX_BATCH_DELAY_MS", "BERTH_ONNX_INTRA_OP_THREADS", "BERTH_ONNX_GRAPH_OPTIMIZATION",
        "BERTH_MODEL_NAME", "BERTH_MODEL_VERSION",
    ];

    /// <summary>The file's settings as strings; a file that cannot be read or is not a JSON object is an error.</summary>
    public static Dictionary<string, string> Read(string path, Func<string, string> readFile, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(readFile(path));
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"config file {path} must hold a JSON object");
                return values;
            }

            foreach (var property in json.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.Add($"config file {path} could not be read: {e.Message}");
        }

        return values;
    }

    /// <summary>The warning for keys that are neither options nor known environment variables, if any.</summary>
    public static IReadOnlyList<string> ExtraKeys(IEnumerable<string> keys, IReadOnlyCollection<string> options)
    {
        var extra = keys.Where(k => !options.Contains(k) && !EnvironmentKeys.Contains(k)).ToList();
        return extra.Count == 0 ? [] : [$"Found extra keys in the config file: {string.Join(", ", extra)}. They are ignored."];
    }
}
