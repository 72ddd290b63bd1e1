using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using Berth.Files;

namespace Berth.Client.Uploads;

/// <summary>An <see cref="UploadSet"/> streamed as an <c>application/x-tar</c> body: folders first, then each file read as it is sent.</summary>
internal sealed class TarUploadContent : HttpContent
{
    private readonly UploadSet _set;

    public TarUploadContent(UploadSet set)
    {
        _set = set;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <summary>Two zero blocks: the end of a tar archive, all an empty one holds (TarWriter writes nothing for no entries).</summary>
    private static readonly byte[] EmptyArchive = new byte[1024];

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_set.Folders.Count == 0 && _set.Files.Count == 0)
        {
            // An inference config that names no file (an ONNX model served with no script) still comes with its upload.
            await stream.WriteAsync(EmptyArchive, cancellationToken);
            return;
        }

        await using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var folder in _set.Folders)
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, folder + "/"), cancellationToken);
        }

        foreach (var (name, local) in _set.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            await using var data = SafeFile.OpenRead(local, "file");
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data }, cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
