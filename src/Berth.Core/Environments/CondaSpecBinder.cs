using System.Text.RegularExpressions;
using Berth.Json;

namespace Berth.Environments;

/// <summary>
/// Binds a conda environment specification (<c>name</c>, <c>channels</c>, <c>dependencies</c> with
/// a <c>python=</c> pin, conda packages and a <c>pip:</c> list, <c>variables</c>) from YAML or from
/// the platform JSON's <c>python.condaDependencies</c>.
/// </summary>
internal static partial class CondaSpecBinder
{
    public static EnvironmentDefinition Bind(SourceNode root, string path, IssueCollector issues)
    {
        if (root.Kind != SourceNodeKind.Object)
        {
            issues.Add(root.Line, root.Column, path.Length == 0 ? null : path, $"expected a mapping with name, channels and dependencies, got {root.Describe()}");
            return new EnvironmentDefinition();
        }

        var reader = new FieldReader(root, path, issues);
        var name = reader.String("name");
        var channels = reader.StringList("channels") ?? [];
        var dependencies = reader.List("dependencies") ?? [];
        reader.Take("prefix");
        var variables = reader.StringMap("variables");
        reader.ReportUnknown("a conda environment specification");

        var result = new Dependencies();
        var dependenciesPath = reader.FieldPath("dependencies");
        for (var i = 0; i < dependencies.Count; i++)
        {
            BindDependency(dependencies[i], $"{dependenciesPath}[{i}]", issues, result);
        }

        return new EnvironmentDefinition
        {
            Name = name,
            PythonVersion = result.PythonVersion,
            Channels = channels.Select(c => c.Trim()).ToList(),
            CondaPackages = result.Conda,
            PipPackages = result.Pip,
            EnvironmentVariables = variables ?? new Dictionary<string, string>(),
        };
    }

    private static void BindDependency(SourceNode node, string field, IssueCollector issues, Dependencies result)
    {
        if (node.Kind == SourceNodeKind.String)
        {
            var package = RequirementParser.ParseConda(node.Text!, out var error);
            if (package is null)
            {
                issues.Add(node.Line, node.Column, field, error!);
            }
            else if (package.Name.Equals("python", StringComparison.OrdinalIgnoreCase))
            {
                result.PythonVersion = PythonPin(package, node, field, issues);
            }
            else
            {
                result.Conda.Add(package);
            }

            return;
        }

        if (node.Kind == SourceNodeKind.Object && node.Properties.Count == 1 && node.Properties[0].Name == "pip")
        {
            BindPipList(node.Properties[0], field + ".pip", issues, result);
            return;
        }

        var got = node.Kind == SourceNodeKind.Object
            ? "a mapping with " + string.Join(", ", node.Properties.Select(p => $"\"{p.Name}\""))
            : node.Describe();
        issues.Add(node.Line, node.Column, field, $"a dependency must be a conda package spec (a string such as numpy=1.26) or a \"pip:\" list; got {got}");
    }

    private static void BindPipList(SourceProperty pip, string field, IssueCollector issues, Dependencies result)
    {
        if (pip.Value.Kind == SourceNodeKind.Null)
        {
            return;
        }

        if (pip.Value.Kind != SourceNodeKind.Array)
        {
            issues.Add(pip, field, $"expected a list of pip requirements, got {pip.Value.Describe()}");
            return;
        }

        for (var i = 0; i < pip.Value.Items.Count; i++)
        {
            var item = pip.Value.Items[i];
            if (item.Kind != SourceNodeKind.String)
            {
                issues.Add(item.Line, item.Column, $"{field}[{i}]", $"expected a pip requirement string, got {item.Describe()}");
                continue;
            }

            var package = RequirementParser.ParsePip(item.Text!, out var error);
            if (package is null)
            {
                issues.Add(item.Line, item.Column, $"{field}[{i}]", error!);
            }
            else
            {
                result.Pip.Add(package);
            }
        }
    }

    private static string? PythonPin(PackageRequirement package, SourceNode node, string field, IssueCollector issues)
    {
        var spec = package.Specifier;
        if (spec.Length == 0)
        {
            return null;
        }

        var version = spec.TrimStart('=');
        if (version.Length != spec.Length && !VersionPattern().IsMatch(version))
        {
            issues.Add(node.Line, node.Column, field, $"python pin \"{node.Text}\" does not name a version; write it like python=3.11");
            return null;
        }

        return version.Length != spec.Length ? version : spec;
    }

    [GeneratedRegex(@"^\d+(\.\d+)*(\.\*)?$")]
    private static partial Regex VersionPattern();

    private sealed class Dependencies
    {
        public string? PythonVersion { get; set; }

        public List<PackageRequirement> Conda { get; } = [];

        public List<PackageRequirement> Pip { get; } = [];
    }
}
