namespace Berth.Api.V1;

/// <summary>
/// POST /api/v1/environments: an environment file's name and text (conda YAML, pip requirements or the
/// platform's environment JSON) plus the settings the file format cannot hold.
/// </summary>
public sealed record RegisterEnvironmentRequest(
    string Name,
    string FileName,
    string Content,
    string? BaseImage = null,
    IReadOnlyList<string>? DockerSteps = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    IReadOnlyList<string>? NuGetPackages = null);

/// <summary>One registered environment version. <see cref="Definition"/> is its canonical JSON form.</summary>
public sealed record EnvironmentDto(
    string Name,
    int Version,
    string Hash,
    DateTimeOffset CreatedAt,
    bool Reused,
    System.Text.Json.JsonElement Definition);

/// <summary>GET /api/v1/health: who answers, and where its router's admin API is (null until the router runs).</summary>
public sealed record ServerInfoDto(string Product, string Version, string Workspace, int Pid, string Url, string? RouterUrl = null);
