using System.Security.Cryptography;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Files;
using Berth.Models;

namespace Berth.Server.Registry;

/// <summary>
/// A model's files copied into <c>tmp/&lt;id&gt;/</c> and hashed while copying, ready to be moved into place.
/// Disposing it removes the staging folder unless it was moved.
/// </summary>
internal sealed class StagedModel : IDisposable
{
    private StagedModel(string directory, string rootName, bool isFolder, List<ModelFileDto> files)
    {
        Directory = directory;
        RootName = rootName;
        IsFolder = isFolder;
        Files = files;
    }

    public string Directory { get; private set; }

    public string RootName { get; }

    public bool IsFolder { get; }

    public IReadOnlyList<ModelFileDto> Files { get; }

    public long SizeBytes => Files.Sum(f => f.SizeBytes);

    public static async Task<StagedModel> CreateAsync(string sourcePath, string tempRoot, CancellationToken cancellationToken)
    {
        var (rootName, isFolder, entries) = ModelSource.Inspect(sourcePath);
        var directory = Path.Combine(tempRoot, "register-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var staged = new StagedModel(directory, rootName, isFolder, []);
        try
        {
            // Copy several files at once: small files are bound by per-file open/fsync latency, not bandwidth.
            var copied = new ModelFileDto[entries.Count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, entries.Count, options, async (i, ct) => copied[i] = await CopyAndHashAsync(entries[i], directory, ct));
            ((List<ModelFileDto>)staged.Files).AddRange(copied);

            // One flush of everything written, instead of an fsync per file: the files must be on disk before the
            // record that points at them is committed.
            NativeMethods.Sync();
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes an upload's folder as the staging folder: its one top-level file or folder is the model. Links inside are
    /// replaced by copies of what they point to, every file is hashed in place and made read-only; nothing is copied.
    /// </summary>
    public static async Task<StagedModel> FromUploadAsync(string uploadDirectory, CancellationToken cancellationToken)
    {
        try
        {
            var top = System.IO.Directory.EnumerateFileSystemEntries(uploadDirectory).ToList();
            if (top.Count != 1)
            {
                throw new BerthException(
                    ErrorCodes.ModelPathInvalid,
                    top.Count == 0 ? "the upload is empty" : $"the upload holds {top.Count} entries at its top; a model upload holds one file or one folder",
                    "put the model's file or folder alone at the top of the archive");
            }

            var (rootName, isFolder, entries) = ModelSource.Inspect(top[0]);
            var hashed = new ModelFileDto[entries.Count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, entries.Count, options, async (i, ct) => hashed[i] = await HashInPlaceAsync(entries[i], uploadDirectory, ct));
            NativeMethods.Sync();
            return new StagedModel(uploadDirectory, rootName, isFolder, hashed.ToList());
        }
        catch
        {
            DeleteTree(uploadDirectory);
            throw;
        }
    }

    /// <summary>Moves the staged folder to <paramref name="target"/> (same file system: one rename).</summary>
    public void MoveTo(string target)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        System.IO.Directory.Move(Directory, target);
        Directory = target;
        Moved = true;
    }

    public bool Moved { get; private set; }

    public void Dispose()
    {
        if (!Moved)
        {
            DeleteTree(Directory);
        }
    }

    internal static void DeleteTree(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is null))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        System.IO.Directory.Delete(directory, recursive: true);
    }

    private static async Task<ModelFileDto> HashInPlaceAsync(ModelSource.Entry entry, string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, entry.RelativePath);
        if (new FileInfo(path).LinkTarget is null)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var source = SafeFile.OpenRead(path, "model file"))
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                }
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return new ModelFileDto(entry.RelativePath.Replace(Path.DirectorySeparatorChar, '/'), size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }

        // A link inside the upload: the version holds a copy of what it points to.
        var copy = await CopyAndHashAsync(entry with { RelativePath = entry.RelativePath + ".berth-link" }, directory, cancellationToken);
        File.Move(path + ".berth-link", path, overwrite: true);
        return copy with { Path = entry.RelativePath.Replace(Path.DirectorySeparatorChar, '/') };
    }

    private static async Task<ModelFileDto> CopyAndHashAsync(ModelSource.Entry entry, string directory, CancellationToken cancellationToken)
    {
        var target = Path.Combine(directory, entry.RelativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var source = SafeFile.OpenRead(entry.SourcePath, "model file"))
            await using (var sink = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                await sink.FlushAsync(cancellationToken);
            }

            // Model versions are immutable: read-only for everyone.
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var relative = entry.RelativePath.Replace(Path.DirectorySeparatorChar, '/');
            return new ModelFileDto(relative, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"{entry.SourcePath} cannot be read: {e.Message}", "check the file's permissions and that the disk is healthy, then register again");
        }
    }
}
