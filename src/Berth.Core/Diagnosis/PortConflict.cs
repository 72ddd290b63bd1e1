namespace Berth.Diagnosis;

/// <summary>The port a service asked for was taken.</summary>
/// <param name="Port">The port.</param>
/// <param name="HolderPid">The process holding it, when known.</param>
/// <param name="HolderName">That process's name or command line, when known.</param>
public sealed record PortConflict(int Port, int? HolderPid, string? HolderName);
