namespace Berth.Server.Services;

/// <summary>
/// One replica of a service restarted under debugpy by <c>berth service debug</c>: the slot, where the debugger listens,
/// and the launch it ran with before, which <c>--stop</c> (or the next generation) restores.
/// </summary>
internal sealed record DebugSession(ReplicaSlot Slot, int Port, bool Wait, ReplicaLaunch Normal);
