namespace Berth.Api.V1;

/// <summary>POST /api/v1/models: register the file or folder at <see cref="Path"/> (a path on the server's machine).</summary>
public sealed record RegisterModelRequest(
    string Name,
    string Path,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyDictionary<string, string>? Properties = null,
    string? Description = null);

/// <summary>One registered model version.</summary>
public sealed record ModelDto(
    string Name,
    int Version,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Properties,
    DateTimeOffset CreatedAt,
    string RootName,
    bool IsFolder,
    long SizeBytes,
    int FileCount,
    IReadOnlyList<ModelFileDto> Files);

/// <summary>One file of a model version: path relative to the version folder (starting with the root name), size and SHA-256.</summary>
public sealed record ModelFileDto(string Path, long SizeBytes, string Sha256);
