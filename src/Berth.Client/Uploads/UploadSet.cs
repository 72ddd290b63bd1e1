using Berth.Errors;
using Berth.Files;

namespace Berth.Client.Uploads;

/// <summary>
/// The files and folders of one upload, each with its name in the archive. Every file is checked to be a regular file
/// when added, so nothing blocks or runs forever while the archive is streamed.
/// </summary>
internal sealed class UploadSet
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _folders = new(StringComparer.Ordinal);

    /// <summary>Archive name → local path.</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    public IReadOnlyCollection<string> Folders => _folders;

    public long SizeBytes { get; private set; }

    /// <summary>The archive name for a client path: the absolute path without its leading '/'.</summary>
    public static string NameOf(string absolutePath) => Path.GetFullPath(absolutePath).TrimStart('/');

    /// <param name="localPath">the file (links are followed: their target's content is sent)</param>
    /// <param name="name">its name in the archive</param>
    /// <param name="context">what it is sent with, for messages: "the source directory"</param>
    public void AddFile(string localPath, string name, string context)
    {
        if (_files.ContainsKey(name))
        {
            return;
        }

        var status = FileStatus.Of(localPath)
            ?? throw new BerthException(ErrorCodes.FileNotFound, $"{localPath} does not exist (a broken symbolic link?), so it cannot be sent with {context}", "remove it or restore what it points to");
        if (status.Kind != FileKind.Regular)
        {
            throw new BerthException(
                ErrorCodes.FileNotRegular,
                $"{localPath} is {FileStatus.Describe(status.Kind)}, not a regular file, so it cannot be sent with {context}",
                "remove it, or move it out of the folder that is sent");
        }

        _files[name] = localPath;
        SizeBytes += status.Size;
    }

    public void AddFolder(string name) => _folders.Add(name);

    /// <summary>Adds a folder and everything under it but <paramref name="skipped"/> folders; links are followed, loops refused.</summary>
    public void AddTree(string localRoot, string name, IReadOnlySet<string> skipped, string context) =>
        AddTree(localRoot, name, skipped, context, []);

    private void AddTree(string local, string name, IReadOnlySet<string> skipped, string context, HashSet<(ulong, ulong)> above)
    {
        var status = FileStatus.Of(local);
        var id = (status?.Device ?? 0, status?.Inode ?? 0);
        if (!above.Add(id))
        {
            throw new BerthException(ErrorCodes.ConfigInvalid, $"{local} in {context} leads back to a folder above it (a symbolic link loop)", "remove the link");
        }

        AddFolder(name);
        foreach (var entry in new DirectoryInfo(local).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is DirectoryInfo)
            {
                if (!skipped.Contains(entry.Name))
                {
                    AddTree(entry.FullName, name + "/" + entry.Name, skipped, context, above);
                }
            }
            else
            {
                AddFile(entry.FullName, name + "/" + entry.Name, context);
            }
        }

        above.Remove(id);
    }
}
