using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>Preparing the environment failed; quotes the installer's own message lines (pip, conda, NuGet).</summary>
internal sealed partial class InstallFailedRule : IDiagnosisRule
{
    private const int MaxLines = 8;

    public string Code => DiagnosisCodes.InstallFailed;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.InstallFailure is not { } failure)
        {
            return null;
        }

        var output = failure.OutputLines;
        var key = KeyLines(output);
        var lines = new List<string>();
        lines.AddRange(key.Select(l => $"{failure.Installer}: {LogLines.Clip(l)}"));
        if (failure.ExitCode is int code)
        {
            lines.Add($"{failure.Installer} exited with code {code}");
        }

        var file = evidence.Environment?.FileForRemedy ?? "the environment definition";
        var package = output.Select(l => Unavailable().Match(l)).LastOrDefault(m => m.Success)?.Groups["req"].Value
            ?? CondaMissing(output);
        if (package is null)
        {
            return new ServiceDiagnosis(
                Code,
                $"Preparing the environment failed: {failure.Installer} exited with code {failure.ExitCode?.ToString() ?? "?"}.",
                lines,
                $"Correct {file} using {failure.Installer}'s messages above, then deploy again ({EvidenceScan.UpdateCommand(evidence)}).",
                DiagnosisSeverity.Error);
        }

        var name = package.Split('=', '<', '>', '!', '~')[0];
        var search = failure.Installer.Contains("conda", StringComparison.OrdinalIgnoreCase)
            ? $"`conda search {name}`"
            : failure.Installer.Contains("dotnet", StringComparison.OrdinalIgnoreCase) || failure.Installer.Contains("nuget", StringComparison.OrdinalIgnoreCase)
                ? "the package source's search"
                : $"`pip index versions {name}`";
        return new ServiceDiagnosis(
            Code,
            $"Preparing the environment failed: {failure.Installer} cannot find \"{package}\".",
            lines,
            $"Fix or remove \"{package}\" in {file}: check the package name and pick a version the index has ({search} lists them), then run {EvidenceScan.UpdateCommand(evidence)}.",
            DiagnosisSeverity.Error);
    }

    private static List<string> KeyLines(IReadOnlyList<string> output)
    {
        var key = new List<string>();
        for (var i = 0; i < output.Count && key.Count < MaxLines; i++)
        {
            var l = output[i];
            if (KeyLine().IsMatch(l))
            {
                key.Add(l.Trim());
            }
            else if (key.Count > 0 && CondaItem().IsMatch(l) && output.Take(i).Any(p => p.Contains("PackagesNotFoundError", StringComparison.Ordinal)))
            {
                key.Add(l.Trim());
            }
        }

        if (key.Count == 0)
        {
            key.AddRange(output.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(5).Select(l => l.Trim()));
        }

        return key;
    }

    private static string? CondaMissing(IReadOnlyList<string> output)
    {
        var start = output.ToList().FindIndex(l => l.Contains("PackagesNotFoundError", StringComparison.Ordinal));
        return start < 0 ? null : output.Skip(start + 1).Select(l => CondaItem().Match(l)).FirstOrDefault(m => m.Success)?.Groups["req"].Value;
    }

    [GeneratedRegex(@"^\s*(?:ERROR:|error:|error [A-Z]+\d+:|.*: error [A-Z]+\d+:|PackagesNotFoundError|ResolvePackageNotFound|CondaError|LibMambaUnsatisfiableError|UnsatisfiableError)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"(?:No matching distribution found for|Could not find a version that satisfies the requirement|Unable to find package) (?<req>[^\s(]+?)\.?(?:\s|$)")]
    private static partial Regex Unavailable();

    [GeneratedRegex(@"^\s+- (?<req>[\w.:=<>!*-]+)\s*$")]
    private static partial Regex CondaItem();
}
