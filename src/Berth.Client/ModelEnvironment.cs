using Berth.Api.V1;
using Berth.Errors;
using Berth.Files;

namespace Berth.Client;

/// <summary>
/// An environment, like the hosted platform's <c>Environment</c> (renamed to avoid the BCL's): built from a
/// conda YAML, a pip requirements file or an environment JSON, plus Docker settings, variables and NuGet packages.
/// </summary>
public sealed class ModelEnvironment
{
    private ModelEnvironment(string name, string fileName, string content)
    {
        Name = name;
        FileName = fileName;
        Content = content;
    }

    public string Name { get; }

    public string FileName { get; }

    public string Content { get; }

    public string? BaseImage { get; set; }

    public List<string> DockerSteps { get; } = [];

    public Dictionary<string, string> EnvironmentVariables { get; } = [];

    /// <summary>NuGet packages for C# entry scripts, as <c>Id@Version</c>.</summary>
    public List<string> NuGetPackages { get; } = [];

    /// <summary>Set once registered.</summary>
    public EnvironmentDto? Registered { get; private set; }

    public static ModelEnvironment FromCondaSpecification(string name, string filePath) => FromFile(name, filePath);

    public static ModelEnvironment FromPipRequirements(string name, string filePath) => FromFile(name, filePath);

    /// <summary>From any supported file: <c>.yml</c>/<c>.yaml</c> (conda), <c>.txt</c> (pip), <c>.json</c> (environment definition).</summary>
    public static ModelEnvironment FromFile(string name, string filePath)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        try
        {
            return new ModelEnvironment(name, Path.GetFileName(filePath), SafeFile.ReadAllText(filePath, "environment file", FileLimit.Config));
        }
        catch (BerthException e) when (e.Code == ErrorCodes.FileNotFound)
        {
            throw new BerthException(ErrorCodes.FileNotFound, $"the environment file {Path.GetFullPath(filePath)} does not exist", "pass --file a conda YAML, a requirements.txt or an environment JSON");
        }
    }

    /// <summary>Registers this definition; an identical definition of the same name returns the existing version.</summary>
    public async Task<EnvironmentDto> RegisterAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var request = new RegisterEnvironmentRequest(Name, FileName, Content, BaseImage, DockerSteps, EnvironmentVariables, NuGetPackages);
        Registered = await workspace.Http.PostAsync<EnvironmentDto>("api/v1/environments", request, cancellationToken);
        return Registered;
    }

    public static async Task<IReadOnlyList<EnvironmentDto>> ListAsync(Workspace workspace, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var path = "api/v1/environments" + (name is null ? string.Empty : "?name=" + Uri.EscapeDataString(name));
        return await workspace.Http.GetAsync<List<EnvironmentDto>>(path, cancellationToken);
    }

    public static Task<EnvironmentDto> GetAsync(Workspace workspace, string name, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var path = version is int v ? $"api/v1/environments/{Uri.EscapeDataString(name)}/versions/{v}" : $"api/v1/environments/{Uri.EscapeDataString(name)}";
        return workspace.Http.GetAsync<EnvironmentDto>(path, cancellationToken);
    }

    /// <summary>
    /// Builds the environment's container image ahead of a container deploy (the platform's <c>Environment.build()</c>);
    /// an image built before is reused. <see cref="EnvironmentImageDto.Built"/> is false with the cause in its detail when the build failed.
    /// </summary>
    public static Task<EnvironmentImageDto> BuildAsync(Workspace workspace, string name, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.Http.PostAsync<EnvironmentImageDto>($"api/v1/environments/{Uri.EscapeDataString(name)}/versions/{version}/build", new { }, cancellationToken);
    }

    /// <summary>The environment's container image: its tag and whether it is built.</summary>
    public static Task<EnvironmentImageDto> GetImageAsync(Workspace workspace, string name, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.Http.GetAsync<EnvironmentImageDto>($"api/v1/environments/{Uri.EscapeDataString(name)}/versions/{version}/image", cancellationToken);
    }
}
