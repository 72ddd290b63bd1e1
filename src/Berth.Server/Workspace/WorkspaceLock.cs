using System.Text.Json;
using Berth.Errors;

namespace Berth.Server.Workspace;

/// <summary>
/// One server per workspace: an exclusive lock on <c>server.lock</c> held for the server's lifetime, and
/// <c>server.json</c> naming the holder's address so a second server can say who has it.
/// </summary>
internal sealed class WorkspaceLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly WorkspaceLayout _layout;

    private WorkspaceLock(FileStream stream, WorkspaceLayout layout)
    {
        _stream = stream;
        _layout = layout;
    }

    public static WorkspaceLock Acquire(WorkspaceLayout layout)
    {
        try
        {
            // On Unix, FileShare.None takes an exclusive advisory lock (flock) that another process cannot get.
            var stream = new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new WorkspaceLock(stream, layout);
        }
        catch (IOException)
        {
            var holder = ReadHolder(layout);
            throw new BerthException(
                ErrorCodes.WorkspaceLocked,
                $"the workspace {layout.Root} is already served by {holder}",
                "use that server (set BERTH_URL to its address), stop it first, or set BERTH_HOME to another folder");
        }
    }

    /// <summary>Records the address the server answers at, for the CLI and for a refused second server.</summary>
    public void Publish(string url)
    {
        var info = new ServerRecord(url, System.Environment.ProcessId, DateTimeOffset.UtcNow);
        var temp = _layout.ServerInfoPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(info));
        File.Move(temp, _layout.ServerInfoPath, overwrite: true);
    }

    public void Dispose()
    {
        TryDelete(_layout.ServerInfoPath);
        _stream.Dispose();
    }

    private static string ReadHolder(WorkspaceLayout layout)
    {
        try
        {
            var info = JsonSerializer.Deserialize<ServerRecord>(File.ReadAllText(layout.ServerInfoPath));
            if (info is not null)
            {
                return $"the Berth server at {info.Url} (pid {info.Pid})";
            }
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // The holder has not written its address yet; fall through.
        }

        return "another Berth server (it is still starting)";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    internal sealed record ServerRecord(string Url, int Pid, DateTimeOffset StartedAt);
}
