using System.Text.Json;
using Berth.Errors;

namespace Berth.Environments;

/// <summary>
/// The software a model needs: Python version and packages (conda and pip), Docker settings,
/// environment variables and, for C# scripts, NuGet packages. Identified by <see cref="ComputeHash"/>,
/// so identical definitions share one built image whatever their name or file formatting.
/// </summary>
public sealed record EnvironmentDefinition
{
    /// <summary>The name in the file (conda <c>name:</c> or the platform JSON's <c>name</c>); not part of the hash.</summary>
    public string? Name { get; init; }

    /// <summary>The version in the platform JSON, if any; not part of the hash.</summary>
    public string? Version { get; init; }

    /// <summary>The <c>python=</c> pin without the <c>=</c> (e.g. <c>3.11</c>), or the specifier as written when it is a range.</summary>
    public string? PythonVersion { get; init; }

    /// <summary>True when the user provides the Python environment (<c>python.userManagedDependencies</c>).</summary>
    public bool UserManagedDependencies { get; init; }

    /// <summary>Conda channels in priority order.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    public IReadOnlyList<PackageRequirement> CondaPackages { get; init; } = [];

    public IReadOnlyList<PackageRequirement> PipPackages { get; init; } = [];

    public DockerSettings Docker { get; init; } = DockerSettings.Default;

    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<NuGetPackage> NuGetPackages { get; init; } = [];

    /// <summary>
    /// Applies the CLI's overrides: <c>--base-image</c>, <c>--docker-step</c> (appended),
    /// <c>--env K=V</c> (set or replace), <c>--nuget Id@Version</c> (add or replace by id).
    /// </summary>
    /// <exception cref="ConfigValidationException">An override is malformed; every bad one is listed.</exception>
    public EnvironmentDefinition WithOverrides(
        string? baseImage = null,
        IEnumerable<string>? dockerSteps = null,
        IEnumerable<string>? environmentVariables = null,
        IEnumerable<string>? nuGetPackages = null) =>
        EnvironmentOverrides.Apply(this, baseImage, dockerSteps, environmentVariables, nuGetPackages);

    /// <summary>SHA-256 (lower-case hex) of the canonical form, excluding <see cref="Name"/> and <see cref="Version"/>.</summary>
    public string ComputeHash() => EnvironmentCanonicalForm.Hash(this);

    /// <summary>The definition as indented JSON with packages and variables in canonical order, for storage.</summary>
    public string ToCanonicalJson() => JsonSerializer.Serialize(EnvironmentCanonicalForm.Sorted(this), EnvironmentJsonContext.Storage);

    /// <summary>Reads JSON written by <see cref="ToCanonicalJson"/>.</summary>
    public static EnvironmentDefinition FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, EnvironmentJsonContext.Storage)
            ?? throw new BerthException(ErrorCodes.EnvironmentInvalid, "stored environment definition is null");
    }
}
