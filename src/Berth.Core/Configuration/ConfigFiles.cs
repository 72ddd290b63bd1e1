using Berth.Errors;
using Berth.Files;

namespace Berth.Configuration;

/// <summary>
/// Where the files a config names are read from. <see cref="OnDisk()"/>: this machine's file system (the CLI, the SDK,
/// the server-side path form). <see cref="Mirror"/>: a folder holding the caller's files at their own absolute paths
/// (an upload), so the config's text resolves unchanged and messages name the caller's paths. <see cref="None"/>: no
/// file may be read (a config sent as text without its files). Records every file it was asked about, so a client
/// knows what to upload.
/// </summary>
public sealed class ConfigFiles
{
    private readonly bool _readable;
    private readonly Action<string>? _beforeRead;
    private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    private ConfigFiles(string? root, bool readable, Action<string>? beforeRead = null)
    {
        Root = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _readable = readable;
        _beforeRead = beforeRead;
    }

    /// <summary>The mirror folder; null for the real file system.</summary>
    public string? Root { get; }

    /// <summary>Every file (not folder) a config named, as the config's author sees the path.</summary>
    public IReadOnlyCollection<string> Referenced => _referenced;

    /// <summary>Every folder a config named that exists (a source directory), as the author sees the path.</summary>
    public IReadOnlyCollection<string> ReferencedFolders => _folders;

    /// <summary>Folders never shipped with a source directory (caches, version control, build output, virtual environments, models).</summary>
    public static IReadOnlySet<string> SkippedFolders { get; } = new HashSet<string>(StringComparer.Ordinal) { "__pycache__", ".git", "bin", "obj", ".venv", "azureml-models" };

    public static ConfigFiles OnDisk() => new(null, readable: true);

    /// <summary>The real file system; <paramref name="beforeRead"/> sees (and may refuse, by throwing a <see cref="BerthException"/>) every file before it is read.</summary>
    public static ConfigFiles OnDisk(Action<string> beforeRead) => new(null, readable: true, beforeRead);

    public static ConfigFiles Mirror(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        return new ConfigFiles(root, readable: true);
    }

    public static ConfigFiles None() => new(null, readable: false);

    /// <summary>Where the author's absolute <paramref name="path"/> is on this machine.</summary>
    public string Local(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return Root is null ? full : Path.Join(Root, full);
    }

    /// <summary>The author's path for a local one (the inverse of <see cref="Local"/>); other paths unchanged.</summary>
    public string Display(string localPath)
    {
        ArgumentNullException.ThrowIfNull(localPath);
        return Root is not null && localPath.StartsWith(Root + "/", StringComparison.Ordinal) ? localPath[Root.Length..] : localPath;
    }

    public bool FileExists(string path)
    {
        if (!_readable || !File.Exists(Local(path)))
        {
            return false;
        }

        _referenced.Add(Path.GetFullPath(path));
        return true;
    }

    public bool DirectoryExists(string path)
    {
        if (!_readable || !Directory.Exists(Local(path)))
        {
            return false;
        }

        _folders.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        return true;
    }

    /// <summary>Reads a file the config names, with <see cref="SafeFile"/>'s checks.</summary>
    public string ReadText(string path, string what, FileLimit limit)
    {
        var full = Path.GetFullPath(path);
        if (!_readable)
        {
            throw new BerthException(
                ErrorCodes.FileReferenceRefused,
                $"{what} {full} is not read: the server reads no file named inside a config sent as text",
                "put the content inline, or register that file itself");
        }

        _referenced.Add(full);
        _beforeRead?.Invoke(full);
        return SafeFile.ReadAllText(Local(full), what, limit, displayPath: full);
    }

    /// <summary>Checks a file the config names is a regular file within <paramref name="limit"/>; null when it is, else what is wrong.</summary>
    public string? CheckRegularFile(string path, string what, FileLimit limit)
    {
        var full = Path.GetFullPath(path);
        try
        {
            SafeFile.EnsureRegularFile(Local(full), what, limit, displayPath: full);
            _referenced.Add(full);
            return null;
        }
        catch (BerthException e)
        {
            return e.Message;
        }
    }
}
