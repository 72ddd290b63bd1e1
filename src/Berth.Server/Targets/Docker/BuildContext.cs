using System.Formats.Tar;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// The tar the engine builds from: a folder, more folders under given paths, and the Dockerfile text as
/// <see cref="DockerfileName"/>. Written to a temporary file (deleted when disposed), not memory: contexts hold
/// berth-scoring's build output and can be large.
/// </summary>
internal static class BuildContext
{
    /// <summary>The Dockerfile's name in the context (not <c>Dockerfile</c>, so a user's own file of that name stays as it is).</summary>
    public const string DockerfileName = "Dockerfile.berth";

    public static async Task<Stream> WriteAsync(
        string directory, IReadOnlyDictionary<string, string> folders, string dockerfile, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(dockerfile);
        var path = Path.Combine(Path.GetTempPath(), $"berth-context-{Guid.NewGuid():N}.tar");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (var writer = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true))
            {
                await AddFolderAsync(writer, directory, string.Empty, cancellationToken);
                foreach (var (inContext, folder) in folders)
                {
                    await AddFolderAsync(writer, folder, inContext.Trim('/') + "/", cancellationToken);
                }

                var entry = new PaxTarEntry(TarEntryType.RegularFile, DockerfileName)
                {
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(dockerfile)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                await writer.WriteEntryAsync(entry, cancellationToken);
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task AddFolderAsync(TarWriter writer, string folder, string prefix, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"the build context folder {folder} does not exist");
        }

        if (prefix.Length > 0)
        {
            await writer.WriteEntryAsync(folder, prefix, cancellationToken);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var name = prefix + Path.GetRelativePath(folder, entry).Replace(Path.DirectorySeparatorChar, '/');
            await writer.WriteEntryAsync(entry, name, cancellationToken);
        }
    }
}
