using System.Formats.Tar;

namespace Berth.Server.Uploads;

/// <summary>
/// Unpacks a tar stream into an empty folder under the rules of <see cref="UploadEntryRules"/>, never writing outside it,
/// never over an existing entry, and never more than the limits. The caller deletes the folder when this throws.
/// </summary>
internal static class UploadExtractor
{
    /// <returns>How many files and bytes were written.</returns>
    /// <exception cref="InvalidDataException">The archive is malformed or breaks a rule (the message names the entry).</exception>
    public static async Task<(int Files, long Bytes)> ExtractAsync(Stream tar, string directory, UploadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var links = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
        var files = 0;
        long bytes = 0;
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            if (++entries > options.MaxEntries)
            {
                throw new InvalidDataException($"the upload holds more than {options.MaxEntries} entries");
            }

            if (entry.EntryType is not (TarEntryType.Directory or TarEntryType.SymbolicLink) && (bytes += entry.Length) > options.MaxBytes)
            {
                throw new TooLargeException();
            }

            files += await ExtractEntryAsync(entry, directory, links, cancellationToken) ? 1 : 0;
        }

        return (files, bytes);
    }

    /// <returns>True when the entry was a file.</returns>
    private static async Task<bool> ExtractEntryAsync(TarEntry entry, string directory, HashSet<string> links, CancellationToken cancellationToken)
    {
        UploadEntryRules.CheckKind(entry.EntryType, entry.Name);
        if (UploadEntryRules.NormalizeName(entry.Name) is not string name)
        {
            return false;
        }

        if (UploadEntryRules.IsUnderLink(name, links))
        {
            throw new InvalidDataException($"entry \"{entry.Name}\" lies under a symbolic link of the upload");
        }

        var target = Path.Combine(directory, name);
        CreateFolder(Path.GetDirectoryName(target)!, entry.Name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                CreateFolder(target, entry.Name);
                return false;
            case TarEntryType.SymbolicLink:
                UploadEntryRules.CheckLinkTarget(entry.Name, entry.LinkName);
                CreateNew(target, entry.Name, () => File.CreateSymbolicLink(target, entry.LinkName));
                links.Add(name);
                return false;
            default:
                await WriteFileAsync(entry, target, cancellationToken);
                return true;
        }
    }

    /// <summary>The files add up to more than <see cref="UploadOptions.MaxBytes"/>.</summary>
    internal sealed class TooLargeException : Exception
    {
        public TooLargeException()
            : base("the upload is larger than the server's limit")
        {
        }
    }

    private static async Task WriteFileAsync(TarEntry entry, string target, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        FileStream sink = null!;
        CreateNew(target, entry.Name, () => sink = new FileStream(target, options));
        await using (sink)
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(sink, 1 << 20, cancellationToken);
            }
        }
    }

    private static void CreateFolder(string path, string name)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"entry \"{name}\" cannot be written: a file of the upload has the name of its folder ({e.Message})", e);
        }
    }

    private static void CreateNew(string target, string name, Action create)
    {
        if (Directory.Exists(target) || File.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            throw new InvalidDataException($"entry \"{name}\" appears twice in the upload");
        }

        try
        {
            create();
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"entry \"{name}\" cannot be written: {e.Message}", e);
        }
    }
}
