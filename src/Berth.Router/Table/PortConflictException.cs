using Berth.Api.V1;
using Berth.Errors;

namespace Berth.Router.Table;

/// <summary>
/// A front door's port is taken: <c>route.port_in_use</c> (409), with the port and, when known, the process holding it,
/// which the admin API also returns as the problem's <c>port</c>, <c>pid</c> and <c>process</c> fields.
/// </summary>
internal sealed class PortConflictException(int port, PortHolder? holder, string? service = null, Exception? inner = null)
    : BerthException(
        RouterErrorCodes.PortInUse,
        $"port {port} on 127.0.0.1 is already in use" + (service is not null ? $" by the front door of service '{service}'" : string.Empty) + (holder is null ? string.Empty : $" ({(service is null ? string.Empty : "in ")}{holder})"),
        service is null ? "stop that process, or give the service another port (or 0 to pick a free one)" : "give the service another port, or 0 to pick a free one",
        inner: inner)
{
    public int Port { get; } = port;

    public PortHolder? Holder { get; } = holder;
}
