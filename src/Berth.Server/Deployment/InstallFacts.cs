using System.ComponentModel;
using System.Text.RegularExpressions;
using Berth.Diagnosis;
using Berth.Environments;

namespace Berth.Server.Deployment;

/// <summary>
/// The facts a failed pip install is diagnosed with: the package index configuration in use (environment variables
/// and <c>pip config list</c>, credentials removed) and what Debian's package manager offers for each requirement
/// (<c>apt-cache policy python3-*</c>), with whether that version satisfies the requirement.
/// </summary>
internal static partial class InstallFacts
{
    private static readonly string[] IndexVariables = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX", "PIP_FIND_LINKS"];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string SatisfiesScript = """
        import sys
        try:
            from packaging.requirements import Requirement
        except ImportError:
            Requirement = None
        args = sys.argv[1:]
        for req, version in zip(args[0::2], args[1::2]):
            print("unknown" if Requirement is None else ("yes" if Requirement(req).specifier.contains(version, prereleases=True) else "no"))
        """;

    /// <summary>Adds the index configuration and the system packages for <paramref name="requirements"/> (package name to pip requirement) to <paramref name="failure"/>.</summary>
    public static async Task<InstallFailure> AddAsync(
        InstallFailure failure, string python, IReadOnlyDictionary<string, string> requirements, CancellationToken cancellationToken)
    {
        var index = await IndexConfigurationAsync(python, cancellationToken);
        var system = await SystemPackagesAsync(python, requirements, cancellationToken);
        return failure with { Requirements = [.. requirements.Values], IndexConfiguration = index, SystemPackages = system };
    }

    private static async Task<List<string>> IndexConfigurationAsync(string python, CancellationToken cancellationToken)
    {
        var facts = IndexVariables
            .Select(v => (Name: v, Value: Environment.GetEnvironmentVariable(v)))
            .Where(v => !string.IsNullOrEmpty(v.Value))
            .Select(v => $"{v.Name}={WithoutCredentials(v.Value!)}")
            .ToList();
        var (exit, output) = await TryRunAsync(python, ["-m", "pip", "config", "list"], cancellationToken);
        if (exit == 0)
        {
            facts.AddRange(output.Where(l => !l.StartsWith(":env:", StringComparison.Ordinal) && IndexKey().IsMatch(l)).Select(l => "pip config: " + WithoutCredentials(l.Trim())));
        }

        if (!facts.Any(f => f.Contains("INDEX_URL=", StringComparison.Ordinal) || f.Contains("index-url=", StringComparison.Ordinal) || f.StartsWith("PIP_NO_INDEX", StringComparison.Ordinal)))
        {
            facts.Insert(0, "pip's default index");
        }

        return facts;
    }

    private static async Task<List<SystemPackage>> SystemPackagesAsync(
        string python, IReadOnlyDictionary<string, string> requirements, CancellationToken cancellationToken)
    {
        var debian = requirements.ToDictionary(r => r.Value, r => DebianPackageNames.For(r.Key), StringComparer.Ordinal);
        if (debian.Count == 0)
        {
            return [];
        }

        var (exit, output) = await TryRunAsync("apt-cache", ["policy", .. debian.Values.Distinct()], cancellationToken);
        var candidates = exit == 0 ? Candidates(output) : [];
        var found = debian.Where(d => candidates.ContainsKey(d.Value)).Select(d => (Requirement: d.Key, Package: d.Value, Version: DebianPackageNames.UpstreamVersion(candidates[d.Value]))).ToList();
        if (found.Count == 0)
        {
            return [];
        }

        var (checkExit, verdicts) = await TryRunAsync(python, ["-c", SatisfiesScript, .. found.SelectMany(f => new[] { f.Requirement, f.Version })], cancellationToken);
        var answers = checkExit == 0 ? verdicts.Where(v => v.Length > 0).ToList() : [];
        return found.Select((f, i) => new SystemPackage(f.Requirement, f.Package, f.Version, i < answers.Count ? answers[i] switch { "yes" => true, "no" => false, _ => null } : null)).ToList();
    }

    /// <summary>Package to candidate version from <c>apt-cache policy</c> output (packages without a candidate left out).</summary>
    internal static Dictionary<string, string> Candidates(IEnumerable<string> policyOutput)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? package = null;
        foreach (var line in policyOutput)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
            {
                package = line[..^1];
            }
            else if (package is not null && line.Trim() is var trimmed && trimmed.StartsWith("Candidate:", StringComparison.Ordinal))
            {
                var version = trimmed["Candidate:".Length..].Trim();
                if (version.Length > 0 && version != "(none)")
                {
                    result[package] = version;
                }
            }
        }

        return result;
    }

    /// <summary>A URL with its user and password removed: <c>https://u:p@host/simple</c> → <c>https://***@host/simple</c>.</summary>
    internal static string WithoutCredentials(string text) => Credentials().Replace(text, "://***@");

    private static async Task<(int ExitCode, List<string> Output)> TryRunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ToolProcess.RunAsync(program, arguments, Timeout, cancellationToken);
        }
        catch (Win32Exception)
        {
            return (-1, []);   // the tool is not on this machine: no facts from it
        }
    }

    [GeneratedRegex(@"^[\w.-]*\.(?:index-url|extra-index-url|find-links|no-index)=")]
    private static partial Regex IndexKey();

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex Credentials();
}
