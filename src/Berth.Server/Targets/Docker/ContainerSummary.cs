namespace Berth.Server.Targets.Docker;

/// <summary>One container of <see cref="DockerEngine.ListAsync"/>.</summary>
internal sealed record ContainerSummary(string Id, string Name, string Image, string State, IReadOnlyDictionary<string, string> Labels);
