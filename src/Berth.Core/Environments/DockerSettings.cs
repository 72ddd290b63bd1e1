namespace Berth.Environments;

/// <summary>
/// How the image is built: a base image (and the registry it comes from) or a base Dockerfile,
/// extra Dockerfile steps appended in order, and whether a GPU (CUDA) image is wanted.
/// </summary>
public sealed record DockerSettings(
    string? BaseImage = null,
    string? BaseImageRegistry = null,
    string? BaseDockerfile = null,
    IReadOnlyList<string>? ExtraSteps = null,
    bool EnableGpu = false,
    string? CudaVersion = null)
{
    public static DockerSettings Default { get; } = new();

    /// <summary>Extra Dockerfile lines, never null.</summary>
    public IReadOnlyList<string> ExtraSteps { get; init; } = ExtraSteps ?? [];
}
