using System.Net;
using Berth.Access;
using Berth.Files;
using Berth.Server.Workspace;

namespace Berth.Server.Access;

/// <summary>
/// Who is calling, for the server-side path forms: the owner of the client's socket on a loopback connection (from the
/// kernel's socket table), else the workspace folder's owner. A path is read for a caller only where that user may read.
/// </summary>
internal sealed class CallerAccess(WorkspaceLayout layout)
{
    public Caller For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Caller(this, context);
    }

    internal uint Identify(HttpContext context)
    {
        var connection = context.Connection;
        if (connection.RemoteIpAddress is { } remote && connection.LocalIpAddress is { } local
            && SocketTable.FindLoopbackOwner(new IPEndPoint(remote, connection.RemotePort), new IPEndPoint(local, connection.LocalPort)) is uint uid)
        {
            return uid;
        }

        return FileStatus.Of(layout.Root)?.Uid ?? ReadAccess.EffectiveUserId;
    }
}

/// <summary>The user behind one request; identified once, when a server-side path needs it.</summary>
internal sealed class Caller(CallerAccess access, HttpContext context)
{
    private uint? _uid;

    public uint Uid => _uid ??= access.Identify(context);

    /// <summary>Refuses a path under /proc, /sys or /dev, or one the caller may not read (every file, every folder under it).</summary>
    public async Task EnsureReadableAsync(string path, string what, string code, CancellationToken cancellationToken)
    {
        SystemPaths.EnsureOrdinary(path, what);
        if (Uid != ReadAccess.EffectiveUserId)
        {
            await ReadAccess.EnsureReadableAsync(path, Uid, what, code, cancellationToken);
        }
    }
}
