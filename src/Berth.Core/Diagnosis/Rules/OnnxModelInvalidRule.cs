using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;
using Berth.Hosting;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// ONNX Runtime refused the service's .onnx model at start: the replica printed
/// <c>ONNX model failed to load: &lt;file&gt;: &lt;ONNX Runtime's message&gt;</c> (<see cref="ReplicaLogMarkers.OnnxLoadFailed"/>).
/// Says whether the file is not ONNX at all, is stamped with an opset or IR version the runtime does not support, or
/// needs an operator the runtime does not have (a custom operator).
/// </summary>
internal sealed partial class OnnxModelInvalidRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.OnnxModelInvalid;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InitFailed, DiagnosisCodes.ModelNotFound];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var hit = EvidenceScan.Lines(evidence).Select(l => (l.ReplicaId, Match: Marker().Match(l.Line))).LastOrDefault(l => l.Match.Success);
        if (hit.Match is null)
        {
            return null;
        }

        var file = hit.Match.Groups["file"].Value;
        var cause = hit.Match.Groups["cause"].Value.Trim();
        var name = Path.GetFileName(file);
        var (what, remedy) = Classify(cause, name);
        return new ServiceDiagnosis(
            Code,
            $"ONNX Runtime cannot load the model {name}: {what}.",
            [$"[{hit.ReplicaId}] {LogLines.Clip(hit.Match.Value, 600)}"],
            $"{remedy} Then register the fixed file (`berth model register --name <model> --path {name}`) and deploy the new version with `berth service update {evidence.ServiceName} --model <model>:<version>`.",
            DiagnosisSeverity.Error);
    }

    private static (string What, string Remedy) Classify(string cause, string name)
    {
        if (cause.Contains("Protobuf parsing failed", StringComparison.OrdinalIgnoreCase) || cause.Contains("InvalidProtobuf", StringComparison.Ordinal))
        {
            return ("the file is not a valid ONNX model (its protobuf does not parse)",
                $"Export the model again to {name} (for example with torch.onnx.export or skl2onnx), check it with `python3 -c \"import onnx; onnx.checker.check_model('{name}')\"`, and register that file, not a pickle, a zip or a truncated copy.");
        }

        if (Opset().Match(cause) is { Success: true } opset)
        {
            var limit = Supported().Match(cause) is { Success: true } s ? $" (this ONNX Runtime supports opset {s.Groups["max"].Value} at most)" : string.Empty;
            return ($"it is stamped with opset {opset.Groups["opset"].Value}, which this ONNX Runtime does not support{limit}",
                $"Export the model with an older opset{limit}, e.g. torch.onnx.export(..., opset_version=17) or onnx.version_converter.");
        }

        if (CustomOp().Match(cause) is { Success: true } op)
        {
            var qualified = op.Groups["domain"].Success && op.Groups["domain"].Length > 0 ? $"{op.Groups["domain"].Value}:{op.Groups["op"].Value}" : op.Groups["op"].Value;
            return ($"it uses the operator {qualified}, which ONNX Runtime does not have (a custom operator)",
                $"Export the model without custom operators (standard ONNX ops only), or serve it from a score.py or score.cs that registers the custom operator library with the ONNX Runtime session.");
        }

        if (cause.Contains("IR version", StringComparison.OrdinalIgnoreCase))
        {
            return ($"its IR version is not supported: {LogLines.Clip(cause, 200)}", "Export the model with an older ONNX (IR version) that this ONNX Runtime reads.");
        }

        return (LogLines.Clip(cause, 300).TrimEnd('.'), $"Fix {name} so that ONNX Runtime loads it (the message above is ONNX Runtime's).");
    }

    [GeneratedRegex(ReplicaLogMarkers.OnnxLoadFailed + @"(?<file>.+?): (?<cause>.*)$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"Opset (?<opset>\d+) is under development|opset (?<opset>\d+) (?:is not supported|is not yet supported)|Unsupported (?:model )?opset (?<opset>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Opset();

    [GeneratedRegex(@"support for domain \S+ is till opset (?<max>\d+)")]
    private static partial Regex Supported();

    [GeneratedRegex(@"(?:(?<domain>[\w.]+):)?(?<op>\w+)\(-?\d+\) is not a registered function/op|No opset import for domain '(?<domain>[^']*)'|Could not find an implementation for (?<op>\w+)")]
    private static partial Regex CustomOp();
}
