using Berth.Scoring.Options;

namespace Berth.Scoring.Logging;

/// <summary>The startup banner, in the platform's shape (contract §1.8).</summary>
internal static class Banner
{
    public static void PrintSettings(PlatformLog log, ScoringOptions o, string version, string serverVersion)
    {
        string[] lines =
        [
            $"Berth scoring server v{version}",
            "",
            "Server Settings",
            "---------------",
            o.Runtime == ScriptRuntime.Onnx ? "Entry Script Name: None (ONNX model, no script)" : $"Entry Script Name: {o.EntryScript}",
            $"Entry Script Runtime: {o.Runtime switch { ScriptRuntime.CSharp => "csharp", ScriptRuntime.Onnx => "onnx", _ => "python" }}",
            $"Model Directory: {o.ModelDir ?? "None"}",
            $"Config File: {o.ConfigFile ?? "None"}",
            o.Runtime == ScriptRuntime.CSharp
                ? $"Worker Count: {o.WorkerCount} (score.cs runs in process; concurrent Run() calls: {o.MaxConcurrentRequests})"
                : $"Worker Count: {o.WorkerCount}",
            "Worker Timeout (seconds): None",
            o.DebugPort is null ? $"Scoring Timeout (ms): {o.ScoringTimeoutMs}" : "Scoring Timeout (ms): None (a debugger may attach)",
            $"Debug Port: {(o.DebugPort is int port ? $"127.0.0.1:{port} (debugpy{(o.DebugWait ? ", init() waits for the debugger" : "")})" : "None")}",
            $"Max Queue Length: {o.MaxQueueLength}",
            $"Max Queue Wait (ms): {o.MaxQueueWaitMs}",
            $"Server Port: {o.Port}",
            $"Health Port: {o.HealthPort ?? o.Port}",
            "Application Insights Enabled: false",
            "Application Insights Key: None",
            $"Inferencing HTTP server version: {serverVersion}",
            o.CorsOrigins.Count == 0 ? "CORS for the specified origins: None" : $"CORS for the specified origins: Enabling CORS for {string.Join(", ", o.CorsOrigins)}",
            $"Create dedicated endpoint for health: {(o.HealthPort is null ? "None" : "True")}",
            "",
        ];
        foreach (var line in lines.Concat(Onnx(o))) log.Raw(line);
        if (o.ModelDir is null)
        {
            log.Raw("The environment variable 'AZUREML_MODEL_DIR' has not been set.");
            log.Raw("Use the --model_dir command line argument to set it.");
            log.Raw("");
        }
    }

    private static string[] Onnx(ScoringOptions o) => o.Runtime != ScriptRuntime.Onnx ? [] :
    [
        $"ONNX Model: {o.EntryScript}",
        $"ONNX Runtime Session: {Berth.Scoring.Onnx.OnnxSessionSettings.From(o).Describe()}",
        $"Concurrent Runs: {o.MaxConcurrentRequests}",
        o.MaxBatchSize > 1 ? $"Dynamic Batching: up to {o.MaxBatchSize} rows per run, {o.MaxBatchDelayMs} ms delay" : "Dynamic Batching: off",
        "",
    ];

    public static void PrintRoutes(PlatformLog log, string hostPort)
    {
        log.Raw("");
        log.Raw("Server Routes");
        log.Raw("---------------");
        log.Raw($"Liveness Probe: GET   {hostPort}/");
        log.Raw($"Score:          POST  {hostPort}/score");
        log.Raw($"Swagger:        GET   {hostPort}/swagger.json");
        log.Raw($"Metrics:        GET   {hostPort}/metrics");
        log.Raw($"Inference (v2): POST  {hostPort}/v2/models/<model>/infer");
        log.Raw("");
    }
}
