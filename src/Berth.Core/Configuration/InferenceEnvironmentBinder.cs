using Berth.Environments;
using Berth.Errors;
using Berth.Files;
using Berth.Json;
using Berth.Naming;

namespace Berth.Configuration;

/// <summary>
/// Resolves an inference config's environment: a reference to a registered one, an inline
/// definition, or one built from <c>condaFile</c> and the legacy Docker fields (never both).
/// </summary>
internal static class InferenceEnvironmentBinder
{
    private static readonly string[] DockerFields = ["baseImage", "baseImageRegistry", "extraDockerfileSteps", "extraDockerFileSteps", "enableGpu", "cudaVersion"];

    public static InferenceConfigSpec Bind(FieldReader root, InferenceConfigSpec spec, string baseDirectory, ConfigFiles files)
    {
        var property = root.Take("environment");
        var conda = spec.CondaFile is null ? null : LoadConda(root, spec.CondaFile, files);
        var steps = spec.ExtraDockerfileSteps is null ? [] : ReadSteps(root, spec.ExtraDockerfileSteps, files);
        if (property is null)
        {
            return FromLegacyFields(spec, conda, steps);
        }

        ReportConflicts(root);
        if (property.Value.Kind != SourceNodeKind.Object)
        {
            root.Report("environment", $"expected an object (an environment definition, or {{\"name\": ..., \"version\": ...}} naming a registered one), got {property.Value.Describe()}");
            return spec;
        }

        var reader = new FieldReader(property.Value, "environment", root.Issues);
        var definition = PlatformEnvironmentBinder.Bind(reader, baseDirectory, files);
        var isReference = property.Value.Properties.Count > 0 && property.Value.Properties.All(p => p.Name is "name" or "version");
        return isReference ? AsReference(reader, spec, definition) : spec with { Environment = definition };
    }

    private static InferenceConfigSpec FromLegacyFields(InferenceConfigSpec spec, EnvironmentDefinition? conda, List<string> steps)
    {
        var hasDocker = spec.BaseImage is not null || spec.BaseImageRegistry is not null || steps.Count > 0 || spec.EnableGpu || spec.CudaVersion is not null;
        if (conda is null && !hasDocker)
        {
            return spec;
        }

        var docker = new DockerSettings(spec.BaseImage, spec.BaseImageRegistry, null, steps, spec.EnableGpu, spec.CudaVersion);
        return spec with { Environment = (conda ?? new EnvironmentDefinition()) with { Docker = docker } };
    }

    private static void ReportConflicts(FieldReader root)
    {
        if (root.Has("condaFile"))
        {
            root.Report("condaFile", "condaFile and environment cannot both be given; put the conda dependencies in environment.python.condaDependencies, or remove environment.");
        }

        foreach (var field in DockerFields.Where(root.Has))
        {
            root.Report(field, $"{field} cannot be given together with environment; put Docker settings in environment.docker, or remove environment.");
        }
    }

    private static InferenceConfigSpec AsReference(FieldReader reader, InferenceConfigSpec spec, EnvironmentDefinition definition)
    {
        var nameError = NameRules.Validate(definition.Name, "environment name");
        if (nameError is not null)
        {
            reader.Report("name", definition.Name is null ? "an environment reference needs a name: {\"name\": ..., \"version\": ...}" : nameError);
            return spec;
        }

        return spec with { EnvironmentReference = new EnvironmentReference(definition.Name!, definition.Version) };
    }

    private static EnvironmentDefinition? LoadConda(FieldReader root, string path, ConfigFiles files)
    {
        try
        {
            return EnvironmentDefinitionLoader.Load(path, files);
        }
        catch (ConfigValidationException ex)
        {
            root.Issues.AddRange(ex.Issues);
        }
        catch (BerthException ex)
        {
            root.Report("condaFile", ex.Message);
        }

        return null;
    }

    private static List<string> ReadSteps(FieldReader root, string path, ConfigFiles files)
    {
        try
        {
            return files.ReadText(path, "extra Dockerfile steps file", FileLimit.Config).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        }
        catch (BerthException ex)
        {
            root.Report("extraDockerfileSteps", ex.Message);
            return [];
        }
    }
}
