using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Environments;

/// <summary>
/// The canonical form of an environment: package names lower-cased with <c>_</c>/<c>.</c> runs as
/// <c>-</c>, whitespace removed, packages and variables sorted, channel order and Docker step order
/// kept (they matter), the name left out.
/// </summary>
internal static partial class EnvironmentCanonicalForm
{

    public static string Hash(EnvironmentDefinition definition)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("python", definition.PythonVersion);
            writer.WriteBoolean("userManaged", definition.UserManagedDependencies);
            WriteList(writer, "channels", definition.Channels.Select(c => c.Trim()));
            WriteList(writer, "conda", definition.CondaPackages.Select(Canonical).Order(StringComparer.Ordinal));
            WriteList(writer, "pip", definition.PipPackages.Select(Canonical).Order(StringComparer.Ordinal));
            WriteDocker(writer, definition.Docker);
            writer.WriteStartObject("env");
            foreach (var (key, value) in definition.EnvironmentVariables.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            WriteList(writer, "nuget", definition.NuGetPackages.Select(p => $"{p.Id.ToLowerInvariant()}@{p.Version.Trim()}").Order(StringComparer.Ordinal));
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    public static EnvironmentDefinition Sorted(EnvironmentDefinition definition) => definition with
    {
        CondaPackages = definition.CondaPackages.OrderBy(Canonical, StringComparer.Ordinal).ToList(),
        PipPackages = definition.PipPackages.OrderBy(Canonical, StringComparer.Ordinal).ToList(),
        EnvironmentVariables = new SortedDictionary<string, string>(definition.EnvironmentVariables.ToDictionary(), StringComparer.Ordinal),
        NuGetPackages = definition.NuGetPackages.OrderBy(p => p.Id.ToLowerInvariant(), StringComparer.Ordinal).ToList(),
    };

    public static string NormalizeName(string name) => SeparatorRun().Replace(name.Trim().ToLowerInvariant(), "-");

    /// <summary>The canonical text of one requirement, e.g. <c>scikit-learn[extra]&gt;=1.0,&lt;2;python_version&lt;"3.12"</c>.</summary>
    public static string Canonical(PackageRequirement package)
    {
        var text = NormalizeName(package.Name);
        if (!string.IsNullOrWhiteSpace(package.Extras))
        {
            var extras = package.Extras.Split(',').Select(e => NormalizeName(e)).Where(e => e.Length > 0).Order(StringComparer.Ordinal);
            text += "[" + string.Join(",", extras) + "]";
        }

        var specifier = RequirementParser.RemoveWhitespace(package.Specifier);
        if (!specifier.StartsWith('@'))
        {
            specifier = string.Join(",", specifier.Split(',').Order(StringComparer.Ordinal));
        }

        text += specifier;
        return string.IsNullOrWhiteSpace(package.Marker) ? text : text + ";" + RequirementParser.RemoveWhitespace(package.Marker);
    }

    private static void WriteDocker(Utf8JsonWriter writer, DockerSettings docker)
    {
        writer.WriteStartObject("docker");
        writer.WriteString("baseImage", docker.BaseImage?.Trim());
        writer.WriteString("baseImageRegistry", docker.BaseImageRegistry?.Trim());
        writer.WriteString("baseDockerfile", docker.BaseDockerfile?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim());
        WriteList(writer, "steps", docker.ExtraSteps.Select(s => s.Trim()).Where(s => s.Length > 0));
        writer.WriteBoolean("gpu", docker.EnableGpu);
        writer.WriteString("cuda", docker.CudaVersion?.Trim());
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex SeparatorRun();
}
