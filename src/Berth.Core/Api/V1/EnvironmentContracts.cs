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

/// <summary>
/// An environment's container image (the platform's <c>Environment.build()</c>): its tag, whether the engine has it,
/// and, after a build, the build's steps. <paramref name="Detail"/> says why it is unknown (the engine unreachable).
/// </summary>
public sealed record EnvironmentImageDto(string Name, int Version, string? Image, bool Built, IReadOnlyList<string> Steps, string? Detail = null);
