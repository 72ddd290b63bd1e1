using Berth.Errors;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// An image build failed. <see cref="FailingStep"/> is the builder's step line (<c>Step 3/9 : RUN ["python3", "-m",
/// "pip", ...]</c>), <see cref="ErrorLines"/> the builder's last output lines with its error last: the evidence of the
/// <c>image_build_failed</c> diagnosis. The image is not tagged: a failed build never becomes an environment's image.
/// </summary>
internal sealed class ImageBuildFailedException : BerthException
{
    public ImageBuildFailedException(string tag, string? failingStep, string error, IReadOnlyList<string> errorLines, Exception? inner = null)
        : base(DockerErrorCodes.ImageBuildFailed, Describe(tag, failingStep, error), HintFor(failingStep), inner: inner)
    {
        Tag = tag;
        FailingStep = failingStep;
        Error = error;
        ErrorLines = errorLines;
    }

    /// <summary>The tag the build was for.</summary>
    public string Tag { get; }

    /// <summary>The step that failed as the builder printed it, or null when it failed before the first step (a Dockerfile syntax error).</summary>
    public string? FailingStep { get; }

    /// <summary>The builder's error message (<c>The command '...' returned a non-zero code: 1</c>).</summary>
    public string Error { get; }

    /// <summary>The builder's last output lines (at most <see cref="DockerBuildOutput.KeptLines"/>), the error last.</summary>
    public IReadOnlyList<string> ErrorLines { get; }

    private static string Describe(string tag, string? step, string error) =>
        step is null ? $"building image {tag} failed: {error}" : $"building image {tag} failed at {step}: {error}";

    private static string HintFor(string? step) => step switch
    {
        not null when step.Contains(" : FROM ", StringComparison.Ordinal) =>
            "the base image is not on this engine and cannot be pulled: build or load it first (docker images lists what is here), or name another docker.baseImage",
        not null when step.Contains("pip", StringComparison.Ordinal) =>
            "a Python package could not be installed: check its name and version, and that a package index is reachable (PIP_INDEX_URL); system packages can be added with a Dockerfile step such as RUN apt-get install -y python3-pandas",
        _ => "read the builder's lines above; the step that failed is named",
    };
}
