using System.Buffers;

namespace Berth.Scoring.Http;

/// <summary>Reads a request body whole, up to a limit.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit)
    {
        try
        {
            if (request.ContentLength is long length)
            {
                if (length > limit) return null;
                var body = new byte[length];
                await request.Body.ReadExactlyAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
                return body;
            }

            return await ReadChunkedAsync(request, limit).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadChunkedAsync(HttpRequest request, long limit)
    {
        using var all = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (all.Length + read > limit) return null;
                all.Write(buffer, 0, read);
            }

            return all.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
