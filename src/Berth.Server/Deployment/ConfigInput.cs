namespace Berth.Server.Deployment;

/// <summary>
/// One config of a deploy: the path it has where it was written (messages name it; its folder anchors relative paths),
/// its text when the client sent it (null: read it at <see cref="Path"/> on this machine), and the folder that holds
/// the client's files at their own paths (an upload; null for the server-side path form).
/// </summary>
internal sealed record ConfigInput(string Path, string? Content = null, string? Root = null)
{
    public bool IsSent => Content is not null;
}
