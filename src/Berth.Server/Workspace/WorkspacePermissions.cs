using Berth.Errors;

namespace Berth.Server.Workspace;

/// <summary>
/// Keeps the workspace its owner's only, like Docker's socket: the database holds every service's keys and the token
/// gives full control. A new workspace is made 0700 (and the server's umask is 077); an existing one is tightened
/// at every start: the folder, the database files, the token, the router's state folder and its key files.
/// </summary>
internal static class WorkspacePermissions
{
    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
        | UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    /// <summary>Files and folders that were made by an older Berth or by hand, tightened to the owner's bits.</summary>
    public static IEnumerable<string> Sensitive(WorkspaceLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        yield return layout.Root;
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            yield return layout.DatabasePath + suffix;
        }

        yield return layout.TokenPath;
        yield return layout.ServerInfoPath;
        yield return layout.LockPath;
        yield return layout.RouterDirectory;
        yield return layout.ComputesDirectory;
        foreach (var name in new[] { "routes.json", "admin-token", "router.json", "router.lock" })
        {
            yield return Path.Combine(layout.RouterDirectory, name);
        }
    }

    public static void Tighten(WorkspaceLayout layout)
    {
        foreach (var path in Sensitive(layout))
        {
            try
            {
                var mode = File.GetUnixFileMode(path);
                if ((mode & GroupAndOthers) != 0)
                {
                    File.SetUnixFileMode(path, mode & ~GroupAndOthers);
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Not made yet: it will be created owner-only.
            }
            catch (UnauthorizedAccessException e)
            {
                throw new BerthException(
                    ErrorCodes.WorkspaceNotWritable, $"cannot make {path} its owner's only: {e.Message}",
                    "run the server as the workspace's owner, or set BERTH_HOME to a folder of yours");
            }
        }
    }
}
