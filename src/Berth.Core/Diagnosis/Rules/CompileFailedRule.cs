using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>The C# entry script did not compile: <c>score.cs(12,5): error CS1002: ; expected</c> lines.</summary>
internal sealed partial class CompileFailedRule : IDiagnosisRule
{
    private const int MaxLines = 10;

    public string Code => DiagnosisCodes.CompileFailed;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InitFailed];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var errors = EvidenceScan.Lines(evidence)
            .Select(l => CompileError().Match(l.Line))
            .Where(m => m.Success)
            .Select(m => (Text: m.Value.Trim(), File: Path.GetFileName(m.Groups["file"].Value), Line: m.Groups["line"].Value, Col: m.Groups["col"].Value, Id: m.Groups["id"].Value, Msg: m.Groups["msg"].Value.Trim()))
            .DistinctBy(e => e.Text)
            .ToList();
        if (errors.Count == 0)
        {
            return null;
        }

        var first = errors[0];
        var lines = errors.Take(MaxLines).Select(e => $"{e.File}({e.Line},{e.Col}): error {e.Id}: {e.Msg}").ToList();
        if (errors.Count > MaxLines)
        {
            lines.Add($"... {errors.Count - MaxLines} more errors");
        }

        return new ServiceDiagnosis(
            Code,
            $"{first.File} does not compile: {errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}, the first at line {first.Line}: {first.Id} {first.Msg}",
            lines,
            $"Fix {first.File} line {first.Line}, column {first.Col} ({first.Id}: {first.Msg}){(errors.Count > 1 ? " and the other errors listed" : string.Empty)}, then run {EvidenceScan.ReloadCommand(evidence)}.",
            DiagnosisSeverity.Error);
    }

    [GeneratedRegex(@"(?<file>[^\s():]+\.(?:cs|csx))\((?<line>\d+),(?<col>\d+)\): error (?<id>CS\d{4}): (?<msg>.+?)(?:\s+\[[^\]]*\])?$")]
    private static partial Regex CompileError();
}
