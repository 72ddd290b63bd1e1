namespace Berth.Api.V1;

/// <summary>
/// POST /api/v1/models: register the one file or folder of the upload <see cref="UploadId"/> (the usual form), or the
/// file or folder at <see cref="Path"/> on the server's machine (the server-side path form, for large local folders:
/// refused unless the calling user may read every file of it).
/// </summary>
public sealed record RegisterModelRequest(
    string Name,
    string? Path = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyDictionary<string, string>? Properties = null,
    string? Description = null,
    string? UploadId = null);

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
