using Berth.Errors;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// Berth's default base image (DESIGN.md "Images"): Debian minbase with Python 3, numpy, scikit-learn, pandas and the
/// .NET runtime berth-scoring needs. <c>scripts/docker.sh</c> builds it and is the one place its recipe and key live:
/// the tag is <c>berth/base:&lt;key&gt;</c>, key = the first 12 hex of sha256 over the recipe (Debian suite, package
/// list, the .NET runtime versions copied in). The script records the tag in <see cref="TagFile"/>; this class reads
/// it, so the server never computes the key a second way. <c>BERTH_BASE_IMAGE</c> overrides the file.
/// </summary>
internal static class BerthBaseImage
{
    /// <summary>The repository part of every default base image's tag.</summary>
    public const string Repository = "berth/base";

    /// <summary>Where the script records the tag: <c>$BERTH_CACHE/base-image.tag</c>, by default <c>/var/cache/berth/base-image.tag</c>.</summary>
    public static string TagFile =>
        Path.Combine(Environment.GetEnvironmentVariable("BERTH_CACHE") is { Length: > 0 } cache ? cache : "/var/cache/berth", "base-image.tag");

    /// <summary>The base image's tag (<c>berth/base:5a0828d72492</c>), or throws <see cref="DockerErrorCodes.ImageNotFound"/> when it was never built.</summary>
    public static string Tag()
    {
        if (Environment.GetEnvironmentVariable("BERTH_BASE_IMAGE") is { Length: > 0 } configured)
        {
            return configured;
        }

        try
        {
            var tag = File.ReadAllText(TagFile).Trim();
            if (tag.StartsWith(Repository + ":", StringComparison.Ordinal) && tag.Length > Repository.Length + 1)
            {
                return tag;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Never built: said below.
        }

        throw NotBuilt($"{TagFile} does not name it");
    }

    /// <summary>The key part of a base image tag (<c>5a0828d72492</c>), part of every replica image's tag.</summary>
    public static string Key(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var colon = tag.LastIndexOf(':');
        return colon > 0 && colon < tag.Length - 1 ? tag[(colon + 1)..] : tag;
    }

    /// <summary>Checks that the base image is on the engine; returns its tag, or throws <see cref="DockerErrorCodes.ImageNotFound"/>.</summary>
    public static async Task<string> EnsureAsync(DockerEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var tag = Tag();
        return await engine.ImageExistsAsync(tag, cancellationToken) ? tag : throw NotBuilt($"{tag} is not on the engine at {engine.Endpoint}");
    }

    private static BerthException NotBuilt(string why) => new(
        DockerErrorCodes.ImageNotFound,
        $"Berth's default base image is not built ({why})",
        "build it once with scripts/docker.sh (a few minutes: debootstrap, then docker import; later runs reuse the cached root file system)");
}
