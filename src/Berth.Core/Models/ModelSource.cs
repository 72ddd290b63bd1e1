using Berth.Errors;
using Berth.Files;

namespace Berth.Models;

/// <summary>
/// Checks a file or folder offered for registration and lists what will be copied, before anything is
/// written: it exists, is readable, is not an empty folder, holds only regular files and folders, and
/// every symlink in it points inside it. The CLI and SDK run it before uploading, the server on what it received
/// and on the server-side path form.
/// </summary>
public static class ModelSource
{
    private const string PathHint = "pass --path a readable file or a folder of regular files";

    /// <summary>One file to copy: where it is now, and its path relative to the version folder.</summary>
    public sealed record Entry(string SourcePath, string RelativePath);

    public static (string RootName, bool IsFolder, List<Entry> Files) Inspect(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathRooted(path))
        {
            throw Invalid($"the model path \"{path}\" is not an absolute path", "the CLI and SDK make paths absolute; API callers must send an absolute path");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            throw Invalid($"the model path {full} is a symlink", "register the file or folder it points to");
        }

        if (Directory.Exists(full))
        {
            return (Path.GetFileName(full), true, InspectFolder(full));
        }

        if (!info.Exists)
        {
            throw new BerthException(ErrorCodes.FileNotFound, $"the model path {full} does not exist", PathHint);
        }

        EnsureRegularFile(info, full);
        return (info.Name, false, [new Entry(full, info.Name)]);
    }

    private static List<Entry> InspectFolder(string root)
    {
        var rootName = Path.GetFileName(root);
        var files = new List<Entry>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(root).EnumerateFileSystemInfos("*", options).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"the model folder {root} cannot be read: {e.Message}", PathHint);
        }

        foreach (var entry in entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            if (entry.LinkTarget is not null)
            {
                CheckSymlink(root, entry, relative);
                if (entry is DirectoryInfo)
                {
                    throw Invalid($"{relative} in {root} is a symlink to a folder", "replace the link with the folder itself");
                }
            }
            else if (entry is DirectoryInfo)
            {
                continue;
            }

            EnsureRegularFile(new FileInfo(entry.FullName), entry.FullName);
            files.Add(new Entry(entry.FullName, Path.Combine(rootName, relative)));
        }

        return files.Count > 0
            ? files
            : throw Invalid($"the model folder {root} is empty", "put the model's files in the folder, or register the file itself");
    }

    private static void CheckSymlink(string root, FileSystemInfo link, string relative)
    {
        var target = link.ResolveLinkTarget(returnFinalTarget: true);
        var targetPath = target?.FullName ?? link.LinkTarget!;
        var inside = targetPath.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside)
        {
            throw Invalid(
                $"{relative} in {root} is a symlink to {targetPath}, outside the folder being registered",
                "copy the file into the folder instead of linking to it, so the model version holds everything it needs");
        }

        if (target is null || !target.Exists)
        {
            throw new BerthException(ErrorCodes.FileNotFound, $"{relative} in {root} is a symlink to {targetPath}, which does not exist", "remove the broken link or restore its target");
        }
    }

    private static void EnsureRegularFile(FileInfo info, string path)
    {
        // .NET reports pipes, sockets and devices as files of length 0, and opening a pipe for reading can
        // block forever; so ask the kernel what every file is before anything opens it.
        FileStatus? status;
        try
        {
            status = FileStatus.Of(info.FullName);
        }
        catch (IOException e)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"{path} cannot be read: {e.Message}", PathHint);
        }

        if (status is { Kind: not FileKind.Regular } special)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"{path} cannot be read as a model file: it is a {KindWord(special.Kind)}, not a regular file", PathHint);
        }
    }

    private static string KindWord(FileKind kind) => kind switch
    {
        FileKind.Fifo => "fifo",
        FileKind.CharacterDevice => "character special file",
        FileKind.BlockDevice => "block special file",
        FileKind.Socket => "socket",
        FileKind.Directory => "directory",
        _ => "special file",
    };

    private static BerthException Invalid(string message, string hint) => new(ErrorCodes.ModelPathInvalid, message, hint);
}
