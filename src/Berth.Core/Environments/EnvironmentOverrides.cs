using System.Text.RegularExpressions;
using Berth.Errors;

namespace Berth.Environments;

/// <summary>Applies command-line overrides to an environment definition, reporting every malformed one.</summary>
internal static partial class EnvironmentOverrides
{
    private const string Source = "command line";

    public static EnvironmentDefinition Apply(
        EnvironmentDefinition definition,
        string? baseImage,
        IEnumerable<string>? dockerSteps,
        IEnumerable<string>? environmentVariables,
        IEnumerable<string>? nuGetPackages)
    {
        var issues = new List<ConfigIssue>();
        var variables = new Dictionary<string, string>(definition.EnvironmentVariables, StringComparer.Ordinal);
        foreach (var pair in environmentVariables ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? pair[..equals] : "";
            if (!VariableName().IsMatch(key))
            {
                issues.Add(new ConfigIssue(Source, null, null, "--env", $"\"{pair}\" is not KEY=VALUE with a variable name of letters, digits and '_' (not starting with a digit)"));
                continue;
            }

            variables[key] = pair[(equals + 1)..];
        }

        var packages = definition.NuGetPackages.ToList();
        foreach (var text in nuGetPackages ?? [])
        {
            var package = ParseNuGet(text, out var error);
            if (package is null)
            {
                issues.Add(new ConfigIssue(Source, null, null, "--nuget", error!));
                continue;
            }

            packages.RemoveAll(p => p.Id.Equals(package.Id, StringComparison.OrdinalIgnoreCase));
            packages.Add(package);
        }

        if (baseImage is not null && string.IsNullOrWhiteSpace(baseImage))
        {
            issues.Add(new ConfigIssue(Source, null, null, "--base-image", "the base image must not be empty"));
        }

        if (issues.Count > 0)
        {
            throw new ConfigValidationException(issues, "fix the options listed");
        }

        var steps = definition.Docker.ExtraSteps.Concat(dockerSteps ?? []).ToList();
        var docker = definition.Docker with { BaseImage = baseImage ?? definition.Docker.BaseImage, ExtraSteps = steps };
        return definition with { Docker = docker, EnvironmentVariables = variables, NuGetPackages = packages };
    }

    /// <summary>Parses <c>Id@Version</c>; returns null with a sentence when malformed.</summary>
    public static NuGetPackage? ParseNuGet(string text, out string? error)
    {
        var match = NuGetPattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"\"{text}\" is not a NuGet package reference; write it as Id@Version, e.g. Newtonsoft.Json@13.0.3";
            return null;
        }

        error = null;
        return new NuGetPackage(match.Groups["id"].Value, match.Groups["version"].Value);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^(?<id>[A-Za-z0-9_][A-Za-z0-9_.-]*)@(?<version>[0-9A-Za-z][0-9A-Za-z.+*\-\[\](), ]*)$")]
    private static partial Regex NuGetPattern();
}
