using Berth.Errors;
using Berth.Server.Uploads;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Server.Api;

/// <summary>/api/v1/uploads: receive a tar archive of files for a deploy, update, reload or model registration.</summary>
internal static class UploadEndpoints
{
    /// <summary>Tar headers and padding on top of the files' bytes: at most 2 KiB per entry.</summary>
    private const long OverheadPerEntry = 2048;

    public static void MapUploadEndpoints(this WebApplication app)
    {
        app.MapPost("/api/v1/uploads", async (HttpRequest request, UploadStore uploads, ILogger<UploadStore> logger) =>
        {
            if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-tar", StringComparison.OrdinalIgnoreCase))
            {
                throw new BerthException(ErrorCodes.UploadContentType, $"an upload is a tar archive, sent as application/x-tar, not {request.ContentType ?? "a body without a content type"}", "send Content-Type: application/x-tar");
            }

            var limit = uploads.Options.MaxBytes + (uploads.Options.MaxEntries * OverheadPerEntry);
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (request.ContentLength > limit)
            {
                throw uploads.TooLarge();
            }

            var upload = await uploads.ReceiveAsync(request.Body, request.HttpContext.RequestAborted);
            ServerLog.UploadReceived(logger, upload.UploadId, upload.FileCount, upload.SizeBytes);
            return Results.Created($"/api/v1/uploads/{upload.UploadId}", upload);
        });
    }
}
