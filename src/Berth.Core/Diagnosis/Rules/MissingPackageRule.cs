using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// <c>ModuleNotFoundError: No module named 'x'</c>: which module, which pip package provides it, and whether the
/// environment already lists it.
/// </summary>
internal sealed partial class MissingPackageRule : IDiagnosisRule
{
    private const string RemovedJoblib = "sklearn.externals.joblib";

    public string Code => DiagnosisCodes.MissingPackage;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InitFailed];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var hits = EvidenceScan.Exceptions(evidence)
            .Select(x => (x.Found, x.Block, Match: NoModule().Match(x.Block.Line)))
            .Where(x => x.Match.Success && !PickleSignatures.IsUnpickleError(x.Block, x.Match.Groups["m"].Value))
            .GroupBy(x => PackageNames.TopLevel(x.Match.Groups["m"].Value), StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        if (hits.Count == 0)
        {
            return null;
        }

        var env = evidence.Environment;
        var file = env?.FileForRemedy ?? "the service's environment (conda YAML or requirements.txt)";
        var lines = new List<string>();
        var toAdd = new List<string>();
        var listed = new List<string>();
        foreach (var (found, block, match) in hits)
        {
            Describe(found, block, match.Groups["m"].Value, env, file, lines, toAdd, listed);
        }

        var names = string.Join(", ", hits.Select(h => $"'{h.Match.Groups["m"].Value}'"));
        return new ServiceDiagnosis(
            Code,
            $"The entry script imports {names}, which {(hits.Count == 1 ? "is" : "are")} not installed in the service's environment.",
            lines,
            Remedy(toAdd, listed, file, evidence),
            DiagnosisSeverity.Error);
    }

    private static void Describe(
        FoundTraceback found, ExceptionBlock block, string module, EnvironmentPackages? env, string file, List<string> lines, List<string> toAdd, List<string> listed)
    {
        var pip = PackageNames.PipName(module);
        lines.Add($"[{found.ReplicaId}] {LogLines.Clip(block.Line)} ({(found.Phase == TracebackPhase.Start ? "at start" : "in run()")})");
        if (found.DescribeLocation() is string location)
        {
            lines.Add(location);
        }

        var entry = PackageNames.FindEntry(env, pip);
        if (module == RemovedJoblib)
        {
            lines.Add("scikit-learn 0.23 removed sklearn.externals.joblib; joblib is its own package");
            toAdd.Add(RemovedJoblib);
            if (entry is null)
            {
                toAdd.Add(pip);
            }
        }
        else if (entry is null)
        {
            lines.Add(env is null ? $"'{module}' is provided by the pip package \"{pip}\"" : $"'{module}' is provided by the pip package \"{pip}\", which {file} does not list");
            toAdd.Add(pip);
        }
        else
        {
            lines.Add($"{file} lists \"{entry}\" for '{module}', yet the module is not importable");
            listed.Add(entry);
        }
    }

    private static string Remedy(List<string> toAdd, List<string> listed, string file, ServiceEvidence evidence)
    {
        var parts = new List<string>();
        if (toAdd.Remove(RemovedJoblib))
        {
            parts.Add($"replace `from sklearn.externals import joblib` with `import joblib` in {evidence.EntryScript}");
        }

        if (toAdd.Count > 0)
        {
            var quoted = string.Join(", ", toAdd.Select(p => $"\"{p}\""));
            parts.Add($"add {quoted} to the pip list in {file} (dependencies: - pip: - {toAdd[0]}), then run {EvidenceScan.UpdateCommand(evidence)}");
        }

        if (listed.Count > 0)
        {
            parts.Add($"check that the service uses the environment that lists {string.Join(", ", listed.Select(p => $"\"{p}\""))} (the \"environment\" in inferenceconfig.json) and that its install succeeded (`berth service logs {evidence.ServiceName}`), then run {EvidenceScan.UpdateCommand(evidence)}");
        }

        var text = string.Join("; ", parts) + ".";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex(@"(?:ModuleNotFoundError|ImportError): No module named '(?<m>[\w.]+)'")]
    private static partial Regex NoModule();
}
