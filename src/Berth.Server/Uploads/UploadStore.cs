using System.Collections.Concurrent;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Server.Workspace;

namespace Berth.Server.Uploads;

/// <summary>
/// Uploads received and not yet used, each a folder <c>tmp/upload-&lt;id&gt;</c>. An upload is used once (deploy,
/// update, reload or model registration takes it), or deleted when it expires. <c>tmp/</c> is emptied at start.
/// </summary>
internal sealed class UploadStore : IDisposable
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _received = new(StringComparer.Ordinal);
    private readonly WorkspaceLayout _layout;
    private readonly UploadOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    public UploadStore(WorkspaceLayout layout, UploadOptions options, TimeProvider time)
    {
        _layout = layout;
        _options = options;
        _time = time;
        var every = TimeSpan.FromTicks(Math.Max(options.Expiry.Ticks / 4, TimeSpan.TicksPerSecond));
        _sweeper = time.CreateTimer(_ => Sweep(), null, every, every);
    }

    public UploadOptions Options => _options;

    private string FolderOf(string id) => Path.Combine(_layout.TempDirectory, "upload-" + id);

    /// <summary>Unpacks <paramref name="tar"/>; on any refusal nothing of it is left on disk.</summary>
    public async Task<UploadDto> ReceiveAsync(Stream tar, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var partial = FolderOf(id) + ".part";
        Directory.CreateDirectory(partial);
        try
        {
            var (files, bytes) = await UploadExtractor.ExtractAsync(tar, partial, _options, cancellationToken);
            Directory.Move(partial, FolderOf(id));
            var now = _time.GetUtcNow();
            _received[id] = now;
            return new UploadDto(id, files, bytes, now + _options.Expiry);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            Delete(partial);
            throw new BerthException(ErrorCodes.UploadInvalid, $"the upload was refused: {e.Message}", "send a tar archive of regular files and folders with relative names");
        }
        catch (Exception e) when (e is UploadExtractor.TooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            Delete(partial);
            throw TooLarge();
        }
        catch
        {
            Delete(partial);
            throw;
        }
    }

    /// <summary>Takes the upload for one use: the caller owns the returned folder (and moves or deletes it).</summary>
    public string Take(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_received.TryRemove(id, out _))
        {
            throw new BerthException(
                ErrorCodes.UploadNotFound,
                $"no upload \"{id}\" is waiting (each upload is used once, and kept for {_options.Expiry.TotalMinutes:0} minutes)",
                "upload the files again; the CLI and SDK do this for you");
        }

        return FolderOf(id);
    }

    public BerthException TooLarge() => new(
        ErrorCodes.UploadTooLarge,
        $"the upload is larger than {Files.FileLimit.Format(_options.MaxBytes)}, the server's limit",
        "for a large model on the server's machine, register it with --server-side-path");

    /// <summary>Deletes the uploads nobody took in time.</summary>
    public void Sweep()
    {
        var oldest = _time.GetUtcNow() - _options.Expiry;
        foreach (var (id, at) in _received)
        {
            if (at < oldest && _received.TryRemove(id, out _))
            {
                Delete(FolderOf(id));
            }
        }
    }

    public void Dispose() => _sweeper.Dispose();

    internal static void Delete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // tmp/ is emptied at the next start.
        }
    }
}
