using System.Globalization;
using System.Net;

namespace Berth.Scoring.Options;

/// <summary>
/// Turns the command line and the environment into <see cref="ScoringOptions"/>, the platform's way:
/// command line over environment over defaults. Pure: no I/O besides reading the given inputs.
/// </summary>
internal static class OptionsParser
{
    public static readonly string[] Known =
    [
        "entry_script", "model_dir", "port", "worker_count", "host", "scoring_timeout_ms",
        "max_queue_length", "max_queue_wait_ms", "max_concurrent_requests", "max_request_body_bytes", "access_control_allow_origins", "health_port",
        "config_file", "address_file", "appinsights_instrumentation_key", "debug_port", "onnx_model", "max_batch_size", "max_batch_delay_ms",
    ];

    /// <summary>Settings of the platform's server that Berth accepts and says what becomes of them, instead of refusing to start.</summary>
    private static readonly (string Variable, string Note)[] Accepted =
    [
        ("APPINSIGHTS_INSTRUMENTATIONKEY", "Application Insights is not forwarded by Berth; the logs are in `berth service logs` and the metrics at /metrics."),
        ("AML_APP_INSIGHTS_ENABLED", "Application Insights is not forwarded by Berth; the logs are in `berth service logs` and the metrics at /metrics."),
        ("AML_APP_INSIGHTS_KEY", "Application Insights is not forwarded by Berth; the logs are in `berth service logs` and the metrics at /metrics."),
        ("WORKER_TIMEOUT", "a worker is bounded by SCORING_TIMEOUT_MS per run() call (a stuck one is replaced), not by WORKER_TIMEOUT."),
        ("WORKER_PRELOAD", "each worker loads the entry script itself; WORKER_PRELOAD has no effect."),
    ];

    /// <param name="args">the command line</param>
    /// <param name="environment">reads an environment variable</param>
    /// <param name="cwd">the current directory, for relative paths</param>
    /// <param name="readFile">reads the config file (--config_file / AZUREML_CONFIG_FILE); File.ReadAllText by default</param>
    /// <param name="fileExists">whether a file exists (for the default entry script main.py); File.Exists by default</param>
    /// <param name="findOnnx">the .onnx files of a model directory (served when no script is given); <see cref="ServedFile.FindOnnx"/> by default</param>
    public static OptionsParseResult Parse(
        IReadOnlyList<string> args, Func<string, string?> environment, string cwd, Func<string, string>? readFile = null, Func<string, bool>? fileExists = null,
        Func<string, IReadOnlyList<string>>? findOnnx = null)
    {
        var errors = new List<string>();
        var cli = ReadArgs(args, errors, out var help, out var version);
        if (help || version)
        {
            return new OptionsParseResult(null, errors, help, version);
        }

        var configPath = cli.GetValueOrDefault("config_file") ?? NullIfEmpty(environment("AZUREML_CONFIG_FILE"));
        var file = configPath is null ? [] : ConfigFile.Read(Path.GetFullPath(configPath, cwd), readFile ?? File.ReadAllText, errors);
        string? env(string name) => NullIfEmpty(environment(name)) ?? file.GetValueOrDefault(name);
        string? Get(string name, string? envName) =>
            cli.TryGetValue(name, out var v) ? v : (envName is null ? null : env(envName)) ?? file.GetValueOrDefault(name);

        var appRoot = Path.GetFullPath(NullIfEmpty(env("AML_APP_ROOT")) ?? cwd, cwd);
        var modelDir = Get("model_dir", "AZUREML_MODEL_DIR");
        var modelPath = modelDir is null ? null : Path.GetFullPath(modelDir, cli.ContainsKey("model_dir") ? cwd : appRoot);
        var served = ServedFile.Resolve(Get("entry_script", "AZUREML_ENTRY_SCRIPT"), Get("onnx_model", "BERTH_ONNX_MODEL"),
            Path.Combine(appRoot, "main.py"), modelPath, cwd, fileExists ?? File.Exists, findOnnx ?? ServedFile.FindOnnx, errors);
        if (served is not { } entry)
        {
            return new OptionsParseResult(null, errors, false, false);
        }

        var berthHome = NullIfEmpty(env("BERTH_HOME"))
            ?? Path.Combine(NullIfEmpty(env("HOME")) ?? cwd, ".berth");

        var options = new ScoringOptions
        {
            EntryScript = entry.Path,
            Runtime = entry.Runtime,
            AppRoot = appRoot,
            ModelDir = modelPath,
            SourceDirectory = NullIfEmpty(env("AZUREML_SOURCE_DIRECTORY")) is { } src ? Path.GetFullPath(src, appRoot) : null,
            Host = ParseHost(Get("host", null), errors),
            Port = Int(Get("port", null), ScoringOptions.DefaultPort, 0, 65535, "--port", errors),
            HealthPort = string.Equals(env("SEPERATE_HEALTH_ENDPOINT"), "true", StringComparison.OrdinalIgnoreCase)
                ? Int(Get("health_port", "HEALTH_PORT"), ScoringOptions.DefaultHealthPort, 0, 65535, "--health_port / HEALTH_PORT", errors)
                : null,
            WorkerCount = Int(Get("worker_count", "WORKER_COUNT"), 1, 1, 64, "--worker_count / WORKER_COUNT", errors),
            ScoringTimeoutMs = Int(Get("scoring_timeout_ms", "SCORING_TIMEOUT_MS"), ScoringOptions.DefaultScoringTimeoutMs, 1, int.MaxValue, "SCORING_TIMEOUT_MS", errors),
            MaxQueueLength = Int(Get("max_queue_length", "MAX_QUEUE_LENGTH"), 128, 0, 1_000_000, "--max_queue_length / MAX_QUEUE_LENGTH", errors),
            MaxQueueWaitMs = Int(Get("max_queue_wait_ms", "MAX_QUEUE_WAIT_MS"), 30_000, 0, int.MaxValue, "--max_queue_wait_ms / MAX_QUEUE_WAIT_MS", errors),
            MaxConcurrentRequests = Int(Get("max_concurrent_requests", "MAX_CONCURRENT_REQUESTS"), 64, 1, 4096, "--max_concurrent_requests / MAX_CONCURRENT_REQUESTS", errors),
            MaxBatchSize = Int(Get("max_batch_size", "BERTH_MAX_BATCH_SIZE"), 1, 1, 65_536, "--max_batch_size / BERTH_MAX_BATCH_SIZE", errors),
            MaxBatchDelayMs = Int(Get("max_batch_delay_ms", "BERTH_MAX_BATCH_DELAY_MS"), ScoringOptions.DefaultMaxBatchDelayMs, 0, 60_000, "--max_batch_delay_ms / BERTH_MAX_BATCH_DELAY_MS", errors),
            OnnxIntraOpThreads = Int(env("BERTH_ONNX_INTRA_OP_THREADS"), ScoringOptions.DefaultOnnxIntraOpThreads, 1, 1024, "BERTH_ONNX_INTRA_OP_THREADS", errors),
            OnnxGraphOptimization = GraphOptimization(env("BERTH_ONNX_GRAPH_OPTIMIZATION"), errors),
            ModelName = NullIfEmpty(env("BERTH_MODEL_NAME")),
            ModelVersion = NullIfEmpty(env("BERTH_MODEL_VERSION")),
            MaxRequestBodyBytes = Long(Get("max_request_body_bytes", "MAX_REQUEST_BODY_BYTES"), ScoringOptions.DefaultMaxRequestBodyBytes, "--max_request_body_bytes / MAX_REQUEST_BODY_BYTES", errors),
            CorsOrigins = (Get("access_control_allow_origins", "AML_CORS_ORIGINS") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ServerVersionHeader = !(env("SERVER_VERSION_LOG_RESPONSE_ENABLED") is { } sv && !sv.Equals("true", StringComparison.OrdinalIgnoreCase)),
            ReturnErrorDetails = string.Equals(env("BERTH_RETURN_ERROR_DETAILS"), "true", StringComparison.OrdinalIgnoreCase),
            ReplicaToken = NullIfEmpty(environment(Berth.Security.ReplicaSecret.EnvironmentVariable)), // the environment only, never a config file
            PythonExecutable = NullIfEmpty(env("BERTH_PYTHON")) ?? "/usr/bin/python3",
            CacheDirectory = Path.Combine(berthHome, "cache", "scripts"),
            ServiceName = NullIfEmpty(env("SERVICE_NAME")) ?? "ML service",
            ServiceVersion = NullIfEmpty(env("SERVICE_VERSION")) ?? "1.0",
            ServicePathPrefix = env("SERVICE_PATH_PREFIX") ?? "",
            LogLevel = (NullIfEmpty(env("AZUREML_LOG_LEVEL")) ?? "INFO").ToUpperInvariant(),
            ConfigFile = configPath is null ? null : Path.GetFullPath(configPath, cwd),
            AddressFile = Get("address_file", "BERTH_ADDRESS_FILE") is { } address ? Path.GetFullPath(address, cwd) : null,
        };
        var warnings = ConfigFile.ExtraKeys(file.Keys, Known).ToList();
        if (Get("debug_port", "BERTH_DEBUG_PORT") is { } debugPort)
        {
            // A debugger stops the one worker at breakpoints: more workers would serve past it, a timeout would kill it.
            if (options.WorkerCount > 1) warnings.Add($"--debug_port: running 1 worker instead of {options.WorkerCount} while a debugger may attach");
            options = options with
            {
                DebugPort = Int(debugPort, 0, 1, 65535, "--debug_port / BERTH_DEBUG_PORT", errors),
                DebugWait = string.Equals(env("BERTH_DEBUG_WAIT"), "true", StringComparison.OrdinalIgnoreCase),
                WorkerCount = 1,
                ScoringTimeoutMs = int.MaxValue,
            };
        }

        if (options.Runtime != ScriptRuntime.Onnx && options.MaxBatchSize > 1)
        {
            warnings.Add("--max_batch_size / BERTH_MAX_BATCH_SIZE batches ONNX models only; it has no effect on an entry script.");
        }

        if (Get("appinsights_instrumentation_key", null) is not null)
        {
            warnings.Add("--appinsights_instrumentation_key is accepted: " + Accepted[0].Note);
        }

        foreach (var (variable, note) in Accepted)
        {
            if (env(variable) is not null) warnings.Add($"{variable} is set: {note}");
        }

        foreach (var removed in (string[])["AML_DBG_MODEL_INFO", "AML_DBG_RESOURCE_INFO"])
        {
            if (env(removed) is not null) warnings.Add($"{removed} has been removed and has no effect.");
        }

        return new OptionsParseResult(errors.Count == 0 ? options : null, errors, false, false) { Warnings = warnings };
    }

    private static Dictionary<string, string> ReadArgs(IReadOnlyList<string> args, List<string> errors, out bool help, out bool version)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        help = version = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") { help = true; continue; }
            if (arg is "--version") { version = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument '{arg}'");
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? arg[2..] : arg[2..eq]).Replace('-', '_');
            if (!Known.Contains(name))
            {
                errors.Add($"unknown option '--{name}'");
                continue;
            }

            if (eq >= 0) { values[name] = arg[(eq + 1)..]; }
            else if (i + 1 < args.Count) { values[name] = args[++i]; }
            else { errors.Add($"option '--{name}' needs a value"); }
        }

        return values;
    }

    private static string GraphOptimization(string? value, List<string> errors)
    {
        string[] levels = ["all", "extended", "basic", "disabled"];
        var level = (value ?? "all").ToLowerInvariant();
        if (levels.Contains(level)) return level;
        errors.Add($"BERTH_ONNX_GRAPH_OPTIMIZATION must be one of {string.Join(", ", levels)}, got '{value}'");
        return "all";
    }

    private static IPAddress ParseHost(string? value, List<string> errors)
    {
        if (value is null) return IPAddress.Loopback;
        if (value == "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(value, out var ip)) return ip;
        errors.Add($"--host '{value}' is not an IP address (use 127.0.0.1, 0.0.0.0 or ::)");
        return IPAddress.Loopback;
    }

    private static int Int(string? value, int fallback, int min, int max, string name, List<string> errors)
    {
        if (value is null) return fallback;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        errors.Add($"{name} must be an integer in [{min}, {max}], got '{value}'");
        return fallback;
    }

    private static long Long(string? value, long fallback, string name, List<string> errors)
    {
        if (value is null) return fallback;
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        errors.Add($"{name} must be a positive integer, got '{value}'");
        return fallback;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
