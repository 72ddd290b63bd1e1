using System.Net;

namespace Berth.Scoring.Options;

/// <summary>The validated settings of one replica, from the command line and the environment.</summary>
internal sealed record ScoringOptions
{
    public const int DefaultPort = 5001;
    public const int DefaultHealthPort = 5000;
    public const int DefaultScoringTimeoutMs = 3_600_000;
    public const long DefaultMaxRequestBodyBytes = 100L * 1024 * 1024;

    /// <summary>The file the replica serves: score.py, score.cs, or for <see cref="ScriptRuntime.Onnx"/> the .onnx model.</summary>
    public required string EntryScript { get; init; }
    public required ScriptRuntime Runtime { get; init; }
    public required string AppRoot { get; init; }
    public string? ModelDir { get; init; }
    public string? SourceDirectory { get; init; }
    public IPAddress Host { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = DefaultPort;

    /// <summary>A second port serving the same routes, for the liveness probe (SEPERATE_HEALTH_ENDPOINT=true); null: none.</summary>
    public int? HealthPort { get; init; }
    public int WorkerCount { get; init; } = 1;
    public int ScoringTimeoutMs { get; init; } = DefaultScoringTimeoutMs;

    /// <summary>
    /// --debug_port (the platform server's option) / BERTH_DEBUG_PORT: the Python worker listens for a debugger (debugpy)
    /// on 127.0.0.1 at this port; then one worker runs and the scoring timeout is off. Null: no debugger.
    /// </summary>
    public int? DebugPort { get; init; }

    /// <summary>BERTH_DEBUG_WAIT=true: with a debug port, init() waits until a debugger attaches.</summary>
    public bool DebugWait { get; init; }

    /// <summary>Requests allowed to wait for a free worker; one more gets 503.</summary>
    public int MaxQueueLength { get; init; } = 128;

    /// <summary>How long a request may wait for a free worker before it gets 503.</summary>
    public int MaxQueueWaitMs { get; init; } = 30_000;

    /// <summary>score.cs and ONNX: how many runs may execute at once.</summary>
    public int MaxConcurrentRequests { get; init; } = 64;

    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>ONNX only: rows (dim 0) stacked into one Run by the dynamic batcher; 1: no batching.</summary>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>ONNX only: how long the first request of a batch waits for others to join it.</summary>
    public int MaxBatchDelayMs { get; init; } = DefaultMaxBatchDelayMs;

    public const int DefaultMaxBatchDelayMs = 5;

    /// <summary>
    /// ONNX only: ONNX Runtime's intra-op threads (BERTH_ONNX_INTRA_OP_THREADS); default 1: a replica runs concurrent
    /// requests (and batches) side by side, each Run on one thread, which bench/onnx measured faster than one pool of
    /// the processors shared by every Run (2315 vs 2018 req/s unbatched, 5967 vs 4264 batched, an MLP on 2 cores).
    /// </summary>
    public int OnnxIntraOpThreads { get; init; } = DefaultOnnxIntraOpThreads;

    public const int DefaultOnnxIntraOpThreads = 1;

    /// <summary>ONNX only: the graph optimization level (BERTH_ONNX_GRAPH_OPTIMIZATION: all, extended, basic, disabled).</summary>
    public string OnnxGraphOptimization { get; init; } = "all";

    /// <summary>The model name the Open Inference Protocol routes answer to (BERTH_MODEL_NAME); null: from the model directory's layout.</summary>
    public string? ModelName { get; init; }

    /// <summary>The model version of the Open Inference Protocol routes (BERTH_MODEL_VERSION); null: from the model directory's layout.</summary>
    public string? ModelVersion { get; init; }
    public bool ServerVersionHeader { get; init; } = true;

    /// <summary>Origins allowed by CORS on /score (AML_CORS_ORIGINS, comma-separated; "*" for any); empty: CORS off.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Debug only: put the exception text in 500 responses (never the production default).</summary>
    public bool ReturnErrorDetails { get; init; }

    /// <summary>BERTH_REPLICA_TOKEN: when set, every request must carry it in X-Berth-Replica-Token (the router adds it); null: no check.</summary>
    public string? ReplicaToken { get; init; }

    public string PythonExecutable { get; init; } = "/usr/bin/python3";
    public required string CacheDirectory { get; init; }
    public string ServiceName { get; init; } = "ML service";
    public string ServiceVersion { get; init; } = "1.0";
    public string ServicePathPrefix { get; init; } = "";
    public string LogLevel { get; init; } = "INFO";

    /// <summary>The JSON config file the settings were also read from, if any.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Where to publish the address and pid once listening (written atomically), for the process that started the replica; null: nowhere.</summary>
    public string? AddressFile { get; init; }
}
