namespace Berth.Router.Table;

/// <summary>A front door's port is held by another socket.</summary>
internal sealed class PortInUseException(int port, Exception inner) : IOException($"port {port} on 127.0.0.1 is already in use", inner)
{
    public int Port { get; } = port;
}
