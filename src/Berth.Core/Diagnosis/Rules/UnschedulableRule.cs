using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>No node has the resources the service requests (<c>0/3 nodes are available: 3 Insufficient nvidia.com/gpu</c>, R9).</summary>
internal sealed partial class UnschedulableRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.Unschedulable;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.SchedulingFailure is not { } failure)
        {
            return null;
        }

        var s = evidence.Settings;
        var waited = failure.WaitedFor.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
        var resources = Insufficient().Matches(failure.Message).Select(m => m.Groups["res"].Value.TrimEnd('.', ',')).Distinct().ToList();
        var lines = new List<string>
        {
            $"Couldn't Schedule because the kubernetes cluster didn't have available resources after trying for {waited}",
            LogLines.Clip(failure.Message),
            $"requested: cpu {Numbers.Format(s.Cpu ?? 0.1)}, memoryInGB {Numbers.Format(s.MemoryInGB ?? 0.5)}{(s.Gpu is int g ? $", gpu {g}" : string.Empty)}",
        };
        var remedies = resources.Select(r => RemedyFor(r, s)).DefaultIfEmpty("add nodes or use a larger node size, or lower \"containerResourceRequirements\"").ToList();
        return new ServiceDiagnosis(
            Code,
            resources.Count > 0
                ? $"No node in the cluster has enough {string.Join(" and ", resources)} for the service."
                : "No node in the cluster has the resources the service asks for.",
            lines,
            $"In {s.ConfigFile}: {string.Join("; ", remedies)}; or add nodes to the cluster. Then run {EvidenceScan.UpdateConfigCommand(evidence)}.",
            DiagnosisSeverity.Error);
    }

    private static string RemedyFor(string resource, DeploymentSettings s) => resource switch
    {
        "nvidia.com/gpu" => $"set \"containerResourceRequirements\": {{\"gpu\": 0}} (now {s.Gpu ?? 1}) if the model can run without a GPU, otherwise add GPU nodes or switch to a GPU node size",
        "cpu" => $"lower \"containerResourceRequirements\": {{\"cpu\": ...}} (now {Numbers.Format(s.Cpu ?? 0.1)}) or use a node size with more cores",
        "memory" => $"lower \"containerResourceRequirements\": {{\"memoryInGB\": ...}} (now {Numbers.Format(s.MemoryInGB ?? 0.5)}) or use a node size with more memory",
        _ => $"lower the request for {resource} or add nodes that have it",
    };

    [GeneratedRegex(@"Insufficient (?<res>[\w./-]+)")]
    private static partial Regex Insufficient();
}
