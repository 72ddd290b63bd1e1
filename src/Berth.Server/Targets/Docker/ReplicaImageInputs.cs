using Berth.Environments;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// Everything <see cref="ReplicaDockerfile.Generate"/> needs, decided before it runs: which base, which pip requirements
/// the base does not satisfy (<see cref="ImageRequirements"/> checks them in the base image), the user's steps and variables.
/// </summary>
/// <param name="BerthBaseImage">Berth's default base image tag (<see cref="BerthBaseImage.Tag"/>): the FROM when the environment names no base, and where the .NET runtime is copied from otherwise.</param>
/// <param name="EnvironmentHash">The environment's canonical hash (<see cref="EnvironmentDefinition.ComputeHash"/>), named in the header.</param>
internal sealed record ReplicaImageInputs(string BerthBaseImage, string EnvironmentHash)
{
    /// <summary>The environment's <c>docker.baseImage</c> (with its registry in front when one is named), or null for Berth's.</summary>
    public string? BaseImage { get; init; }

    /// <summary>The environment's <c>docker.baseDockerfile</c> text; when given it replaces the FROM line.</summary>
    public string? BaseDockerfile { get; init; }

    /// <summary>The pip requirements to install, in order (those the base does not satisfy); none for no pip step.</summary>
    public IReadOnlyList<string> PipInstall { get; init; } = [];

    /// <summary>The user's Dockerfile lines, appended after the packages, as written.</summary>
    public IReadOnlyList<string> ExtraSteps { get; init; } = [];

    /// <summary>The environment's variables, set in the image.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the FROM is Berth's default base image (which has the .NET runtime already).</summary>
    public bool FromBerthBase => BaseImage is null && BaseDockerfile is null;

    /// <summary>The inputs for <paramref name="environment"/> (null: no environment, Berth's base and nothing else).</summary>
    public static ReplicaImageInputs From(EnvironmentDefinition? environment, string berthBaseImage, IReadOnlyList<string> pipInstall)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(berthBaseImage);
        ArgumentNullException.ThrowIfNull(pipInstall);
        var definition = environment ?? new EnvironmentDefinition();
        var docker = definition.Docker;
        return new ReplicaImageInputs(berthBaseImage, definition.ComputeHash())
        {
            BaseImage = string.IsNullOrWhiteSpace(docker.BaseDockerfile) ? Qualified(docker.BaseImage, docker.BaseImageRegistry) : null,
            BaseDockerfile = string.IsNullOrWhiteSpace(docker.BaseDockerfile) ? null : docker.BaseDockerfile,
            PipInstall = pipInstall,
            ExtraSteps = docker.ExtraSteps,
            EnvironmentVariables = definition.EnvironmentVariables,
        };
    }

    /// <summary><c>registry/image</c> unless the image already starts with the registry; null when no image is named.</summary>
    private static string? Qualified(string? image, string? registry)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        image = image.Trim();
        if (string.IsNullOrWhiteSpace(registry))
        {
            return image;
        }

        var prefix = registry.Trim().TrimEnd('/') + "/";
        return image.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? image : prefix + image;
    }
}
