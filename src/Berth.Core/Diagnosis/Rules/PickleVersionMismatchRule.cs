using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// The model was pickled with another version of its library: scikit-learn's <c>InconsistentVersionWarning</c>
/// ("Trying to unpickle estimator X from version A when using version B"), a missing private submodule
/// (<c>No module named 'sklearn.linear_model._base'</c>, <c>'numpy._core'</c>), or "Can't get attribute ... on module".
/// </summary>
internal sealed partial class PickleVersionMismatchRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.PickleVersionMismatch;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InitFailed, DiagnosisCodes.MissingPackage];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var warnings = EvidenceScan.Lines(evidence).Select(l => (l.ReplicaId, l.Line, M: Unpickle().Match(l.Line))).Where(x => x.M.Success).ToList();
        var errors = EvidenceScan.Exceptions(evidence).Select(x => (x.Found, x.Block, Module: ErrorModule(x.Block))).Where(x => x.Module is not null).ToList();
        if (warnings.Count == 0 && errors.Count == 0)
        {
            return null;
        }

        var lines = EvidenceLines(warnings.Select(w => (w.ReplicaId, w.Line, w.M)).ToList(), errors.Select(e => (e.Found, e.Block)).ToList());
        var library = errors.Count > 0 ? PackageNames.PipName(errors[^1].Module!) : "scikit-learn";
        var entry = PackageNames.FindEntry(evidence.Environment, library);
        var file = evidence.Environment?.FileForRemedy ?? "the service's environment";
        lines.Add(entry is null ? $"{file} does not pin {library}" : $"{file} lists \"{entry}\"");

        var trained = warnings.Count > 0 ? warnings[^1].M.Groups["from"].Value : null;
        var serving = warnings.Count > 0 ? warnings[^1].M.Groups["to"].Value : null;
        var severity = errors.Count > 0 ? DiagnosisSeverity.Error : DiagnosisSeverity.Warning;
        if (trained is not null && library == "scikit-learn")
        {
            return new ServiceDiagnosis(
                Code,
                $"The model was pickled with scikit-learn {trained} but the service loads it with {serving}.",
                lines,
                $"Pin the training version: set \"scikit-learn=={trained}\" in the pip list of {file} (the service has {serving}), then run {EvidenceScan.UpdateCommand(evidence)}; or save the model again with scikit-learn {serving}.",
                severity);
        }

        var module = errors[^1].Module!;
        var hint = module.StartsWith("numpy", StringComparison.Ordinal)
            ? $"The model was pickled with numpy 2 (module '{module}' exists only there): set \"numpy>=2\" in the pip list of {file}"
            : $"Pin {library} in the pip list of {file} to the version the model was trained with (\"{library}==<version>\"; the training environment prints it with `pip show {library}`)";
        return new ServiceDiagnosis(
            Code,
            $"The model was pickled with a different version of {library}: loading it needs '{module}', which the installed {library} does not have.",
            lines,
            $"{hint}, then run {EvidenceScan.UpdateCommand(evidence)}; or save the model again with the version the service has.",
            severity);
    }

    private static List<string> EvidenceLines(List<(string ReplicaId, string Line, Match M)> warnings, List<(FoundTraceback Found, ExceptionBlock Block)> errors)
    {
        var lines = new List<string>();
        foreach (var estimator in warnings.Select(w => w.M.Groups["est"].Value).Distinct().Take(5))
        {
            var w = warnings.Last(x => x.M.Groups["est"].Value == estimator);
            lines.Add($"[{w.ReplicaId}] {LogLines.Clip(w.Line[w.M.Index..], 200)}");
        }

        foreach (var (found, block) in errors.TakeLast(3))
        {
            lines.Add($"[{found.ReplicaId}] {LogLines.Clip(block.Line)}");
            if (found.DescribeLocation() is string location)
            {
                lines.Add(location);
            }
        }

        return lines;
    }

    private static string? ErrorModule(ExceptionBlock block)
    {
        if (NoModule().Match(block.Line) is { Success: true } m && PickleSignatures.IsUnpickleError(block, m.Groups["m"].Value))
        {
            return m.Groups["m"].Value;
        }

        return CantGetAttribute().Match(block.Line) is { Success: true } a ? a.Groups["mod"].Value : null;
    }

    [GeneratedRegex(@"Trying to unpickle estimator (?<est>\w+) from version (?<from>[\w.+-]+) when using version (?<to>[\w.+-]+?)\.?(?:\s|$)")]
    private static partial Regex Unpickle();

    [GeneratedRegex(@"No module named '(?<m>[\w.]+)'")]
    private static partial Regex NoModule();

    [GeneratedRegex(@"Can't get attribute '(?<attr>\w+)' on <module '(?<mod>[\w.]+)'")]
    private static partial Regex CantGetAttribute();
}
