using Berth.Environments;

namespace Berth.Configuration;

/// <summary>A validated inference config. Every path is absolute.</summary>
public sealed record InferenceConfigSpec
{
    /// <summary>The config file it was read from (its folder anchors relative paths; <c>reload</c> re-reads it).</summary>
    public required string ConfigFile { get; init; }

    /// <summary>Absolute path of the entry script; it exists. Null for <see cref="ScriptRuntime.Onnx"/>, which has none.</summary>
    public string? EntryScript { get; init; }

    /// <summary>Absolute path of the source directory shipped with the script, or null when only the script is shipped.</summary>
    public string? SourceDirectory { get; init; }

    public required ScriptRuntime Runtime { get; init; }

    /// <summary>Absolute path of the conda file, when given.</summary>
    public string? CondaFile { get; init; }

    /// <summary>Absolute path of the file of extra Dockerfile steps, when given.</summary>
    public string? ExtraDockerfileSteps { get; init; }

    public string? BaseImage { get; init; }

    /// <summary><c>baseImageRegistry.address</c>.</summary>
    public string? BaseImageRegistry { get; init; }

    public bool EnableGpu { get; init; }

    public string? CudaVersion { get; init; }

    public string? Description { get; init; }

    /// <summary>A registered environment to use, when <c>environment</c> names one.</summary>
    public EnvironmentReference? EnvironmentReference { get; init; }

    /// <summary>
    /// The environment defined by this config: the inline <c>environment</c>, or the one built from
    /// <c>condaFile</c> and the Docker fields. Null when it names a registered environment or gives none.
    /// </summary>
    public EnvironmentDefinition? Environment { get; init; }
}
