namespace Berth.Router.Table;

/// <summary>The process that listens on a port, as far as /proc tells.</summary>
internal sealed record PortHolder(int Pid, string Name)
{
    public override string ToString() => $"pid {Pid} ({Name})";
}
