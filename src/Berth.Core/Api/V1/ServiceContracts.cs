namespace Berth.Api.V1;

/// <summary>POST /api/v1/services: deploy models with an inference config and a deployment config (paths on the server's machine).</summary>
public sealed record DeployServiceRequest(
    string Name,
    IReadOnlyList<string> Models,
    string InferenceConfigPath,
    string DeploymentConfigPath,
    bool Overwrite = false);

/// <summary>POST /api/v1/services/{name}/update: what to change; null keeps the current value.</summary>
public sealed record UpdateServiceRequest(
    IReadOnlyList<string>? Models = null,
    string? InferenceConfigPath = null,
    string? DeploymentConfigPath = null);

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
    DateTimeOffset? FrontDoorDownSince = null);

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
