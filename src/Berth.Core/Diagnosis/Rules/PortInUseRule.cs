using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>The service's port is taken: the target's port check, or the server's own "Address already in use".</summary>
internal sealed partial class PortInUseRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.PortInUse;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InitFailed];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var conflict = evidence.PortConflict;
        var logHit = EvidenceScan.Lines(evidence).LastOrDefault(l => InUse().IsMatch(l.Line));
        if (conflict is null && logHit.Line is null)
        {
            return null;
        }

        var lines = new List<string>();
        int? port = conflict?.Port ?? evidence.Settings.Port;
        if (logHit.Line is not null)
        {
            lines.Add($"[{logHit.ReplicaId}] {LogLines.Clip(logHit.Line)}");
            if (port is null && PortInLine().Match(logHit.Line) is { Success: true } m)
            {
                port = int.Parse(m.Groups["port"].Value);
            }
        }

        var holder = conflict?.HolderPid is int pid
            ? $"process {pid}{(conflict.HolderName is null ? string.Empty : $" ({conflict.HolderName})")}"
            : null;
        var portText = port is int p ? $"Port {p}" : "The service's port";
        lines.Insert(0, holder is null ? $"{portText} is already in use by another process" : $"{portText} is held by {holder}");
        var now = evidence.Settings.Port is int configured ? $"now {configured}" : "now not set";
        var stop = holder is null ? string.Empty : $", or stop {holder}";
        return new ServiceDiagnosis(
            Code,
            holder is null ? $"{portText} is already in use." : $"{portText} is already in use by {holder}.",
            lines,
            $"Set \"port\" in {evidence.Settings.ConfigFile} to a free port ({now}) or remove it to let Berth pick one{stop}, then deploy again.",
            DiagnosisSeverity.Error);
    }

    [GeneratedRegex(@"Address already in use|address already in use|Connection in use: \(")]
    private static partial Regex InUse();

    [GeneratedRegex(@"(?:Connection in use: \('[^']*', (?<port>\d+)\)|:(?<port>\d{2,5}):? address already in use)")]
    private static partial Regex PortInLine();
}
