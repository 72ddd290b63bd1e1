namespace Berth.Api.V1;

/// <summary>
/// POST /api/v1/services: deploy models with an inference config and a deployment config. The usual form sends both
/// configs' text and, in <see cref="UploadId"/>, the files the inference config names (see <see cref="UploadDto"/>).
/// The server-side path form (<see cref="InferenceConfigPath"/>, <see cref="DeploymentConfigPath"/>) reads the files
/// on the server's machine, as the calling user may.
/// </summary>
public sealed record DeployServiceRequest(
    string Name,
    IReadOnlyList<string> Models,
    ConfigFileDto? InferenceConfig = null,
    ConfigFileDto? DeploymentConfig = null,
    string? UploadId = null,
    bool Overwrite = false,
    string? InferenceConfigPath = null,
    string? DeploymentConfigPath = null);

/// <summary>POST /api/v1/services/{name}/update: what to change; null keeps the current value. A new inference config comes with an upload.</summary>
public sealed record UpdateServiceRequest(
    IReadOnlyList<string>? Models = null,
    ConfigFileDto? InferenceConfig = null,
    ConfigFileDto? DeploymentConfig = null,
    string? UploadId = null,
    string? InferenceConfigPath = null,
    string? DeploymentConfigPath = null);

/// <summary>
/// POST /api/v1/services/{name}/reload: for a service deployed from uploaded files, the inference config and a fresh
/// upload of the files it names (the client re-reads them where the config was written); empty for the server-side path form.
/// </summary>
public sealed record ReloadServiceRequest(ConfigFileDto? InferenceConfig = null, string? UploadId = null);

/// <summary>
/// GET /api/v1/services/{name}/configs: the configs a service runs with. <see cref="Source"/> is "upload" (the text was
/// sent; the paths are where the client had the files) or "server-path" (the paths are on the server; no text).
/// </summary>
public sealed record ServiceConfigsDto(string Source, string InferenceConfigPath, string? InferenceConfigContent, string DeploymentConfigPath, string? DeploymentConfigContent);

/// <summary>A service as the control plane sees it.</summary>
public sealed record ServiceDto(
    string Name,
    string State,
    string? StateDetail,
    string ComputeType,
    IReadOnlyList<string> Models,
    string EntryScript,
    string? ScoringUri,
    string? SwaggerUri,
    string? ClusterScoringUri,
    int? Port,
    bool AuthEnabled,
    IReadOnlyList<ReplicaDto> Replicas,
    DiagnosisDto? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? InferenceConfigPath = null,
    string? ConfigSource = null,
    DateTimeOffset? FrontDoorDownSince = null)
{
    /// <summary>
    /// Set in the answer to a deploy, update or reload: the sequence of the service's last event before that operation,
    /// so a client following it (events?after=N) prints that operation's steps, not the service's whole history.
    /// </summary>
    public long? OperationAfter { get; init; }

    /// <summary>The autoscaler's settings and last word; null for a fixed number of replicas.</summary>
    public AutoscaleDto? Autoscale { get; init; }

    /// <summary>
    /// The Open Inference Protocol's infer URL beside the scoring URI (<c>http://127.0.0.1:PORT/v2/models/NAME/infer</c>):
    /// every service answers OIP v2 under its own name on its front door; null until it has a scoring URI.
    /// </summary>
    public string? InferenceUri => ScoringUri is { } uri && uri.EndsWith(ScorePath, StringComparison.Ordinal)
        ? $"{uri[..^ScorePath.Length]}/v2/models/{Uri.EscapeDataString(Name)}/infer"
        : null;

    private const string ScorePath = "/score";
}

/// <summary>
/// An autoscaled service: its <c>autoScaler</c> settings, the replicas the autoscaler wants and those ready, the router's
/// utilization at its last look (1.0 = every slot busy), and its last decision with its inputs.
/// </summary>
public sealed record AutoscaleDto(
    int MinReplicas, int MaxReplicas, int TargetUtilization, int RefreshPeriodInSeconds,
    int? DesiredReplicas, int ReadyReplicas, double? Utilization, bool AtMaximum, string? LastDecision, DateTimeOffset? LastDecisionAt);

/// <summary>One replica: its process, address, status (Starting, Ready, Exited, BackOff) and restarts.</summary>
public sealed record ReplicaDto(string Id, int? Pid, string? Url, string Status, int Restarts, string? LastExit);

/// <summary>A diagnosed cause: stable code, one-sentence summary, evidence lines and the remedy.</summary>
public sealed record DiagnosisDto(string Code, string Summary, IReadOnlyList<string> Evidence, string Remedy, string Severity);

/// <summary>One step of an operation, or a state change, with a sequence number for polling.</summary>
public sealed record ServiceEventDto(long Sequence, DateTimeOffset At, string Kind, string Message);

/// <summary>GET /api/v1/services/{name}/events?after=N&amp;waitMs=M: the events after N, and whether the operation is over.</summary>
public sealed record ServiceEventsPage(IReadOnlyList<ServiceEventDto> Events, bool Finished, ServiceDto Service);

/// <summary>The service's two keys.</summary>
public sealed record ServiceKeysDto(string PrimaryKey, string SecondaryKey);

/// <summary>POST /api/v1/services/{name}/regen-key.</summary>
public sealed record RegenKeyRequest(string Key);

/// <summary>Log lines of all replicas, interleaved by time, each prefixed with the replica id.</summary>
public sealed record ServiceLogsDto(IReadOnlyList<string> Lines);

/// <summary>GET /api/v1/services/{name}/diagnosis.</summary>
public sealed record ServiceDiagnosisDto(string Service, string State, string? StateDetail, IReadOnlyList<DiagnosisDto> Causes);

/// <summary>
/// POST /api/v1/services/{name}/debug: restart one replica of a score.py service under debugpy on 127.0.0.1
/// (<paramref name="Port"/>, default 5678 or a free one), one worker, no scoring timeout; <paramref name="Wait"/> holds
/// init() until a debugger attaches; <paramref name="Stop"/> restarts it normally.
/// </summary>
public sealed record DebugServiceRequest(int? Port = null, bool Wait = false, bool Stop = false);

/// <summary>
/// The debugging session of a service: which replica, where debugpy listens, and the folders a debugger maps
/// (<paramref name="RemoteRoot"/>: the entry script's folder in the replica's app root; <paramref name="LocalRoot"/>: the
/// same folder where the client deployed from). <paramref name="Active"/> is false after a stop.
/// </summary>
public sealed record DebugSessionDto(string Service, string Replica, string Host, int Port, bool Wait, string RemoteRoot, string LocalRoot, bool Active);
