namespace Berth.Configuration;

/// <summary>A registered environment named by an inference config: <c>{"name": ..., "version": ...}</c>; a null version means the latest.</summary>
public sealed record EnvironmentReference(string Name, string? Version);
