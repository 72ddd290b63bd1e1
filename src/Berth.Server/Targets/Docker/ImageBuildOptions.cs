namespace Berth.Server.Targets.Docker;

/// <summary>The optional parts of <see cref="DockerEngine.BuildImageAsync(string, string, string, Action{string}, ImageBuildOptions, CancellationToken)"/>.</summary>
internal sealed record ImageBuildOptions
{
    /// <summary>Build arguments (<c>ARG</c>), e.g. <c>PIP_INDEX_URL</c>; an argument the Dockerfile does not declare is ignored by the builder.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels put on the image.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// More folders in the context, by their path in it (<c>scoring</c> → berth-scoring's build output), so nothing has to
    /// be copied into the context folder first.
    /// </summary>
    public IReadOnlyDictionary<string, string> Folders { get; init; } = new Dictionary<string, string>();
}
