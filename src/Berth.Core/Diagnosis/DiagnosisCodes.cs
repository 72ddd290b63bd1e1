namespace Berth.Diagnosis;

/// <summary>The stable codes of diagnosed causes. Clients and tests may switch on these strings.</summary>
public static class DiagnosisCodes
{
    /// <summary><c>init()</c> raised.</summary>
    public const string InitFailed = "init_failed";

    /// <summary><c>get_model_path()</c> or a model file open found nothing where it looked.</summary>
    public const string ModelNotFound = "model_not_found";

    /// <summary>ONNX Runtime refused the service's .onnx model: not valid ONNX, an unsupported opset, or a missing custom operator.</summary>
    public const string OnnxModelInvalid = "onnx_model_invalid";

    /// <summary>A Python module the script imports is not installed.</summary>
    public const string MissingPackage = "missing_package";

    /// <summary>The model was pickled with another version of its library.</summary>
    public const string PickleVersionMismatch = "pickle_version_mismatch";

    /// <summary>A replica was killed by its memory limit.</summary>
    public const string Oom = "oom";

    /// <summary>The port the service asked for is taken.</summary>
    public const string PortInUse = "port_in_use";

    /// <summary>Installing the environment's packages failed.</summary>
    public const string InstallFailed = "install_failed";

    /// <summary>Building a container image of the environment failed (a Dockerfile step, the base image, a package).</summary>
    public const string ImageBuildFailed = "image_build_failed";

    /// <summary>pip reached no package index (connection errors), so it could not install a requirement.</summary>
    public const string PackageIndexUnreachable = "package_index_unreachable";

    /// <summary>The C# entry script did not compile.</summary>
    public const string CompileFailed = "compile_failed";

    /// <summary><c>run()</c> raised (HTTP 502).</summary>
    public const string RunFailed = "run_failed";

    /// <summary>Requests ran past <c>scoringTimeoutMs</c> (HTTP 504).</summary>
    public const string Timeout = "timeout";

    /// <summary>Requests waited past <c>maxQueueWaitMs</c> for a free replica (HTTP 503).</summary>
    public const string Overloaded = "overloaded";

    /// <summary>Requests got 503 because no replica was ready at all (starting, backing off after an exit, crashed).</summary>
    public const string NoReadyReplica = "no_ready_replica";

    /// <summary>Replicas keep failing at start and are restarted with backoff.</summary>
    public const string CrashLoop = "crash_loop";

    /// <summary>A cluster node cannot pull the service's image (the registry is unreachable from it, its login is missing, the image is gone).</summary>
    public const string ImagePullFailed = "image_pull_failed";

    /// <summary>The cluster's namespace refused the service's pods (its resource quota, a LimitRange, an admission policy).</summary>
    public const string PodsRefused = "pods_refused";

    /// <summary>The cluster's kubelet killed a replica because its liveness probe failed (an init() slower than the probe waits).</summary>
    public const string LivenessProbeFailed = "liveness_probe_failed";

    /// <summary>No cluster node has the resources the service asks for.</summary>
    public const string Unschedulable = "unschedulable";

    /// <summary>Berth itself failed (a bug in the control plane), not the service.</summary>
    public const string InternalError = "internal_error";
}
