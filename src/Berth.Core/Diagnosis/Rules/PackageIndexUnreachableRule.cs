using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// pip found no version of a requirement because it reached no package index (connection errors in its output):
/// the package name is not the problem, the network or the index configuration is. Names the requirement, the index
/// configuration in use and, when the machine's package manager has the package, that remedy.
/// </summary>
internal sealed class PackageIndexUnreachableRule : IDiagnosisRule
{
    private const int MaxErrorLines = 4;

    public string Code => DiagnosisCodes.PackageIndexUnreachable;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InstallFailed];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.InstallFailure is not { } failure
            || !failure.Installer.Contains("pip", StringComparison.OrdinalIgnoreCase)
            || !PipOutput.IndexUnreachable(failure.OutputLines))
        {
            return null;
        }

        var requirement = PipOutput.FailingRequirement(failure.OutputLines)!;
        var index = failure.IndexConfiguration.Count > 0 ? string.Join("; ", failure.IndexConfiguration) : "pip's default index";
        var system = failure.SystemPackages.FirstOrDefault(p => PipOutput.SameName(PipOutput.NameOf(p.Requirement), PipOutput.NameOf(requirement)));
        var lines = new List<string> { $"{failure.Installer}: {LogLines.Clip(PipOutput.ConnectionErrors(failure.OutputLines).First().Trim())}" };
        lines.AddRange(failure.OutputLines.Where(l => l.TrimStart().StartsWith("ERROR:", StringComparison.Ordinal)).Take(MaxErrorLines)
            .Select(l => $"{failure.Installer}: {LogLines.Clip(l.Trim())}"));
        if (failure.ExitCode is int code)
        {
            lines.Add($"{failure.Installer} exited with code {code}");
        }

        lines.Add($"package index in use: {index}");
        if (system is not null)
        {
            lines.Add($"the machine's package manager has {system.Package} {system.Version}{Satisfaction(system)}");
        }

        return new ServiceDiagnosis(
            Code,
            $"Preparing the environment failed: pip could not reach a package index to install \"{requirement}\" (whether that package and version exist is unknown).",
            lines,
            Remedy(evidence, requirement, index, system),
            DiagnosisSeverity.Error);
    }

    private static string Satisfaction(SystemPackage system) => system.SatisfiesRequirement switch
    {
        true => $", which satisfies {system.Requirement}",
        false => $", which does not satisfy {system.Requirement}",
        null => string.Empty,
    };

    private static string Remedy(ServiceEvidence evidence, string requirement, string index, SystemPackage? system)
    {
        var file = evidence.Environment?.FileForRemedy ?? "the environment definition";
        var reach = $"Make a package index reachable from this machine (now: {index}; set PIP_INDEX_URL or pip.conf to an index or mirror you can reach)";
        var update = EvidenceScan.UpdateCommand(evidence);
        return system?.SatisfiesRequirement switch
        {
            true => $"{reach}, or install it with the machine's package manager: apt-get install {system.Package} (then the system interpreter satisfies {requirement} and nothing needs installing); then run {update}.",
            false => $"{reach}, then run {update}. Or use the version the machine's package manager has: apt-get install {system.Package} installs {system.Version}, and change \"{requirement}\" in {file} to allow {system.Version}.",
            null when system is not null => $"{reach}, or install it with the machine's package manager: apt-get install {system.Package} ({system.Version}; check that it satisfies {requirement}); then run {update}.",
            _ => $"{reach}, then run {update}.",
        };
    }
}
