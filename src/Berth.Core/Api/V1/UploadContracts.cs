namespace Berth.Api.V1;

/// <summary>
/// POST /api/v1/uploads with an <c>application/x-tar</c> body: the files were received and checked (no absolute paths,
/// no "..", no links leading out, no devices) and are kept until a deploy, update, reload or model registration names
/// <see cref="UploadId"/>, or until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record UploadDto(string UploadId, int FileCount, long SizeBytes, DateTimeOffset ExpiresAt);

/// <summary>A config file's text and the path it has where it was written: messages name it, and its folder anchors the config's relative paths.</summary>
public sealed record ConfigFileDto(string Path, string Content);
