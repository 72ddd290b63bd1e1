using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Security;

namespace Berth.Router.Hosting;

/// <summary>
/// The router's state folder (owner-only): one router per folder (an exclusive lock on router.lock, released by the
/// OS even on kill -9), admin-token (the admin API's credential, written by whoever starts the router; the router
/// does not start without it), and router.json with the router's URL and pid once it listens.
/// </summary>
internal sealed class StateDirectory : IDisposable
{
    public const string InfoFile = "router.json";

    public const string AdminTokenFile = "admin-token";

    private readonly FileStream _lock;

    private StateDirectory(string path, FileStream lockFile, string adminToken)
    {
        Path = path;
        _lock = lockFile;
        AdminToken = adminToken;
    }

    public string Path { get; }

    /// <summary>What every /admin/v1 call must send as <c>Authorization: Bearer</c>.</summary>
    public string AdminToken { get; }

    public string AdminTokenPath => System.IO.Path.Combine(Path, AdminTokenFile);

    public static StateDirectory Acquire(string path)
    {
        try
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var lockFile = new FileStream(System.IO.Path.Combine(path, "router.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var tokenPath = System.IO.Path.Combine(path, AdminTokenFile);
            if (SecretFile.TryRead(tokenPath) is not { } token)
            {
                lockFile.Dispose();
                throw new BerthException(
                    ErrorCodes.AuthRequired, $"no admin token in {tokenPath}: the router does not serve its admin API without one",
                    "berth-server writes it before it starts the router; to run the router by hand, write a random token there first "
                    + $"(umask 077; head -c 32 /dev/urandom | base64 > {tokenPath}) and send it as Authorization: Bearer <token>");
            }

            return new StateDirectory(path, lockFile, token);
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
