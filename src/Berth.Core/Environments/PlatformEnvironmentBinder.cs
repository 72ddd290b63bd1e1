using Berth.Configuration;
using Berth.Errors;
using Berth.Json;

namespace Berth.Environments;

/// <summary>
/// Binds the hosted platform's environment definition JSON (<c>name</c>, <c>version</c>,
/// <c>python.condaDependencies</c> / <c>python.userManagedDependencies</c>, <c>docker.baseImage</c>,
/// <c>docker.baseDockerfile</c>, <c>environmentVariables</c>) plus Berth's <c>nuget</c> list.
/// </summary>
internal static class PlatformEnvironmentBinder
{
    /// <summary>Parts of the platform format that do not apply to serving; accepted and ignored.</summary>
    private static readonly string[] Ignored = ["spark", "databricks", "r", "inferencingStackVersion", "assetId"];

    public static EnvironmentDefinition Bind(FieldReader reader, string baseDirectory, ConfigFiles files)
    {
        var name = reader.String("name");
        var version = ReadVersion(reader);
        var definition = ReadPython(reader, baseDirectory, files);
        var variables = new Dictionary<string, string>(definition.EnvironmentVariables, StringComparer.Ordinal);
        foreach (var (key, value) in reader.StringMap("environmentVariables") ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var docker = ReadDocker(reader);
        var nuget = ReadNuGet(reader);
        foreach (var ignored in Ignored)
        {
            reader.Take(ignored);
        }

        reader.ReportUnknown(reader.Path.Length == 0 ? "an environment definition" : "an inline environment definition");
        return definition with
        {
            Name = name ?? definition.Name,
            Version = version,
            Docker = docker,
            EnvironmentVariables = variables,
            NuGetPackages = nuget,
        };
    }

    private static string? ReadVersion(FieldReader reader)
    {
        var property = reader.Take("version");
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind is SourceNodeKind.String or SourceNodeKind.Number)
        {
            return property.Value.Text;
        }

        reader.Report("version", $"expected a string, got {property.Value.Describe()}");
        return null;
    }

    private static EnvironmentDefinition ReadPython(FieldReader reader, string baseDirectory, ConfigFiles files)
    {
        var python = reader.Object("python");
        if (python is null)
        {
            return new EnvironmentDefinition();
        }

        var userManaged = python.Bool("userManagedDependencies") ?? false;
        python.String("interpreterPath");
        python.Take("baseCondaEnvironment");
        var condaFile = python.String("condaDependenciesFile");
        var conda = python.Take("condaDependencies");
        var definition = new EnvironmentDefinition();
        if (conda is not null)
        {
            definition = CondaSpecBinder.Bind(conda.Value, python.FieldPath("condaDependencies"), reader.Issues);
        }
        else if (condaFile is not null)
        {
            definition = LoadCondaFile(python, condaFile, baseDirectory, files);
        }

        python.ReportUnknown("python");
        return definition with { UserManagedDependencies = userManaged, Name = null };
    }

    private static EnvironmentDefinition LoadCondaFile(FieldReader python, string condaFile, string baseDirectory, ConfigFiles files)
    {
        var path = Path.GetFullPath(condaFile, baseDirectory);
        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            // An environment JSON naming another (or itself) would recurse.
            python.Report("condaDependenciesFile", $"{path} is an environment JSON; condaDependenciesFile names a conda file (.yml or .yaml)");
            return new EnvironmentDefinition();
        }

        try
        {
            return EnvironmentDefinitionLoader.Load(path, files);
        }
        catch (ConfigValidationException ex)
        {
            python.Issues.AddRange(ex.Issues);
        }
        catch (BerthException ex)
        {
            python.Report("condaDependenciesFile", ex.Message);
        }

        return new EnvironmentDefinition();
    }

    private static DockerSettings ReadDocker(FieldReader reader)
    {
        var docker = reader.Object("docker");
        if (docker is null)
        {
            return DockerSettings.Default;
        }

        docker.Bool("enabled");
        var baseImage = docker.String("baseImage");
        var baseDockerfile = docker.String("baseDockerfile");
        var registry = docker.Object("baseImageRegistry");
        var address = registry?.String("address");
        registry?.String("username");
        registry?.String("password");
        registry?.Take("registryIdentity");
        registry?.ReportUnknown("baseImageRegistry");
        foreach (var ignored in new[] { "sharedVolumes", "shmSize", "arguments", "platform", "buildContext" })
        {
            docker.Take(ignored);
        }

        var steps = docker.StringList("extraDockerfileSteps") ?? [];
        var gpu = docker.Bool("enableGpu") ?? false;
        var cuda = docker.String("cudaVersion");
        if (baseImage is not null && baseDockerfile is not null)
        {
            docker.Report("baseDockerfile", "docker.baseImage and docker.baseDockerfile cannot both be given; use one of them");
        }

        docker.ReportUnknown("docker");
        return new DockerSettings(baseImage, address, baseDockerfile, steps, gpu, cuda);
    }

    private static List<NuGetPackage> ReadNuGet(FieldReader reader)
    {
        var result = new List<NuGetPackage>();
        var items = reader.List("nuget") ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var field = $"{reader.FieldPath("nuget")}[{i}]";
            if (item.Kind == SourceNodeKind.String)
            {
                var package = EnvironmentOverrides.ParseNuGet(item.Text!, out var error);
                if (package is null)
                {
                    reader.Issues.Add(item.Line, item.Column, field, error!);
                }
                else
                {
                    result.Add(package);
                }
            }
            else if (item.Kind == SourceNodeKind.Object)
            {
                var entry = new FieldReader(item, field, reader.Issues);
                var id = entry.String("id");
                var version = entry.String("version");
                entry.ReportUnknown("a NuGet package");
                if (id is null || version is null)
                {
                    reader.Issues.Add(item.Line, item.Column, field, "a NuGet package needs both \"id\" and \"version\"");
                }
                else
                {
                    result.Add(new NuGetPackage(id, version));
                }
            }
            else
            {
                reader.Issues.Add(item.Line, item.Column, field, $"expected \"Id@Version\" or {{\"id\": ..., \"version\": ...}}, got {item.Describe()}");
            }
        }

        return result;
    }
}
