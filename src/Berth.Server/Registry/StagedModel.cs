using System.Security.Cryptography;
using Berth.Api.V1;
using Berth.Errors;

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

        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        System.IO.Directory.Delete(directory, recursive: true);
    }

    private static async Task<ModelFileDto> CopyAndHashAsync(ModelSource.Entry entry, string directory, CancellationToken cancellationToken)
    {
        var target = Path.Combine(directory, entry.RelativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var source = new FileStream(entry.SourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous))
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
