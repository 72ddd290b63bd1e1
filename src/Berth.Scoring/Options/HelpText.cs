namespace Berth.Scoring.Options;

/// <summary>The text of <c>berth-scoring --help</c>.</summary>
internal static class HelpText
{
    public const string Value = """
        usage: berth-scoring --entry_script <score.py|score.cs> [options]
               berth-scoring --onnx_model <model.onnx> [options]
               berth-scoring --model_dir <dir holding one .onnx file> [options]

        Serves one entry script, or one ONNX model with no script, under the hosted platform's scoring contract (POST /score,
        GET /, GET /swagger.json) and the Open Inference Protocol v2 (/v2/health/live, /v2/health/ready, /v2,
        /v2/models/<model>[/versions/<v>][/ready], POST /v2/models/<model>[/versions/<v>]/infer, JSON or binary tensors).
        With no entry script (and no main.py in the app root) and exactly one .onnx file in the model directory, directly
        or in one folder, that model is served with ONNX Runtime.

        options (environment variable in brackets; the command line wins):
          --entry_script PATH           score.py or score.cs [AZUREML_ENTRY_SCRIPT]
          --model_dir PATH              model directory for the script [AZUREML_MODEL_DIR]
          --port N                      port to listen on, 0 picks a free one (default 5001)
          --host IP                     address to bind (default 127.0.0.1)
          --health_port N               with SEPERATE_HEALTH_ENDPOINT=true, also listen here (default 5000) [HEALTH_PORT]
          --worker_count N              Python worker processes (default 1) [WORKER_COUNT]
          --scoring_timeout_ms N        run() timeout (default 3600000) [SCORING_TIMEOUT_MS]
          --max_queue_length N          requests that may wait for a worker (default 128) [MAX_QUEUE_LENGTH]
          --max_queue_wait_ms N         longest wait for a worker before 503 (default 30000) [MAX_QUEUE_WAIT_MS]
          --max_concurrent_requests N   score.cs and ONNX: concurrent runs (default 64) [MAX_CONCURRENT_REQUESTS]
          --max_request_body_bytes N    larger bodies get 413 (default 104857600) [MAX_REQUEST_BODY_BYTES]
          --config_file PATH            JSON object of options/environment settings, lowest priority [AZUREML_CONFIG_FILE]
          --access_control_allow_origins LIST   CORS origins for /score, comma-separated [AML_CORS_ORIGINS]
          --debug_port N                the Python worker waits for a debugger (debugpy) on 127.0.0.1:N; one worker, no scoring
                                        timeout [BERTH_DEBUG_PORT]; BERTH_DEBUG_WAIT=true holds init() until one attaches
          --appinsights_instrumentation_key KEY   accepted for the platform's scripts; nothing is sent to Application
                                        Insights (Berth's router and replica export Prometheus /metrics instead)
          --address_file PATH           once listening, write {"url", "pid"} here atomically (temp + rename) [BERTH_ADDRESS_FILE]
          --onnx_model PATH             serve this .onnx model with ONNX Runtime, no entry script [BERTH_ONNX_MODEL]
          --max_batch_size N            ONNX: stack concurrent requests into runs of up to N rows along dim 0 (default 1: off)
                                        [BERTH_MAX_BATCH_SIZE]
          --max_batch_delay_ms N        ONNX: how long a batch waits to fill (default 5) [BERTH_MAX_BATCH_DELAY_MS]

        environment: AML_APP_ROOT (default: current directory), AZUREML_SOURCE_DIRECTORY, SERVER_VERSION_LOG_RESPONSE_ENABLED,
          SERVICE_NAME, SERVICE_VERSION, SERVICE_PATH_PREFIX, AZUREML_LOG_LEVEL, BERTH_PYTHON (default /usr/bin/python3),
          BERTH_HOME (compiled score.cs cache under $BERTH_HOME/cache/scripts), BERTH_RETURN_ERROR_DETAILS=true (debug only),
          BERTH_REPLICA_TOKEN (every request must carry it in X-Berth-Replica-Token, else 401; Berth's router sends it),
          BERTH_MODEL_NAME, BERTH_MODEL_VERSION (the v2 model name and version; default: from AZUREML_MODEL_DIR's
          .../<name>/<version> layout; SERVICE_NAME is accepted as a model name too),
          BERTH_ONNX_INTRA_OP_THREADS (default: the processors this process may use),
          BERTH_ONNX_GRAPH_OPTIMIZATION (all, extended, basic or disabled; default all).

        exit codes: 0 stopped, 1 usage, 3 entry script or ONNX model failed to load/compile/init, 4 port unavailable, 70 internal error.
        """;
}
