using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;

namespace Berth.Router.Hosting;

/// <summary>
/// The router's state folder: one router per folder (an exclusive lock on router.lock, released by the OS even on
/// kill -9), and router.json with the router's URL and pid once it listens.
/// </summary>
internal sealed class StateDirectory : IDisposable
{
    public const string InfoFile = "router.json";

    private readonly FileStream _lock;

    private StateDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    public static StateDirectory Acquire(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            var lockFile = new FileStream(System.IO.Path.Combine(path, "router.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new StateDirectory(path, lockFile);
        }
        catch (IOException e)
        {
            throw new BerthException(ErrorCodes.WorkspaceLocked, $"another berth-router already uses {path}: {e.Message}", "use its address from router.json, or stop it first", inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BerthException(ErrorCodes.WorkspaceNotWritable, $"cannot write to {path}: {e.Message}", "pass a --state-dir the router may write to", inner: e);
        }
    }

    /// <summary>Writes router.json atomically (temporary file, then rename).</summary>
    public void Publish(string url)
    {
        var target = System.IO.Path.Combine(Path, InfoFile);
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new RouterInfo(url, Environment.ProcessId), RouterJson.Options));
        File.Move(temporary, target, overwrite: true);
    }

    public void Dispose() => _lock.Dispose();
}
