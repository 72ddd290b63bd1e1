using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// Building the environment's container image failed (the container and Kubernetes targets): names the Dockerfile step
/// that failed and quotes the builder's last lines, and the remedy follows the step: a base image that is not on the
/// engine and cannot be pulled, a Python package pip could not install (no reachable index, a wrong name or version), or
/// the user's own Dockerfile step.
/// </summary>
internal sealed class ImageBuildFailedRule : IDiagnosisRule
{
    private const int MaxLines = 8;

    public string Code => DiagnosisCodes.ImageBuildFailed;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InstallFailed];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.InstallFailure is not { Installer: "docker build" } failure)
        {
            return null;
        }

        var step = failure.FailingStep;
        var lines = new List<string> { step is null ? "the build failed before its first step" : $"failing step: {LogLines.Clip(step)}" };
        lines.AddRange(failure.OutputLines.Where(l => l.Trim().Length > 0 && !IsBuilderNoise(l.Trim())).TakeLast(MaxLines).Select(l => "build: " + LogLines.Clip(l.Trim())));
        if (failure.BuildError is { } error && !failure.OutputLines.Any(l => l.Contains(error, StringComparison.Ordinal)))
        {
            lines.Add("builder: " + LogLines.Clip(error));
        }

        var file = evidence.Environment?.FileForRemedy ?? "the environment definition";
        var update = EvidenceScan.UpdateCommand(evidence);
        var (summary, remedy) = Kind(step) switch
        {
            StepKind.From => (
                $"Building the service's image failed: its base image is not on this machine's Docker engine and could not be pulled.",
                $"Build or load the base image first (`docker images` lists what the engine has; no image registry may be reachable from here), or set docker.baseImage in {file} to an image the engine has, or remove it to use Berth's default base image; then run {update}."),
            StepKind.Pip when PipOutput.IndexUnreachable(failure.OutputLines) => (
                $"Building the service's image failed: pip could not reach a package index to install {Requirements(failure)}.",
                PipRemedy(failure, file, update, unreachable: true)),
            StepKind.Pip => (
                $"Building the service's image failed: pip could not install {Requirements(failure)}.",
                PipRemedy(failure, file, update, unreachable: false)),
            _ => (
                $"Building the service's image failed at {(step is null ? "the Dockerfile" : LogLines.Clip(step))}.",
                $"Fix that step (a docker.baseDockerfile or an extra Dockerfile step in {file}) using the builder's lines above, then run {update}."),
        };
        return new ServiceDiagnosis(Code, summary, lines, remedy, DiagnosisSeverity.Error);
    }

    /// <summary>The classic builder's bookkeeping (layer ids, intermediate containers), which explains nothing.</summary>
    private static bool IsBuilderNoise(string line) =>
        line.StartsWith("--->", StringComparison.Ordinal) || line.StartsWith("Removing intermediate container", StringComparison.Ordinal);

    private enum StepKind
    {
        From,
        Pip,
        Other,
    }

    private static StepKind Kind(string? step) => step switch
    {
        null => StepKind.Other,
        _ when step.Contains(" : FROM ", StringComparison.OrdinalIgnoreCase) => StepKind.From,
        _ when step.Contains("pip", StringComparison.Ordinal) && step.Contains("install", StringComparison.Ordinal) => StepKind.Pip,
        _ => StepKind.Other,
    };

    private static string Requirements(InstallFailure failure) =>
        failure.Requirements.Count == 0 ? "the environment's packages" : string.Join(", ", failure.Requirements.Select(r => $"\"{r}\""));

    private static string PipRemedy(InstallFailure failure, string file, string update, bool unreachable)
    {
        var system = failure.SystemPackages.Count > 0 ? failure.SystemPackages[0] : null;
        var apt = system is null
            ? "system packages can be added with an extra Dockerfile step such as \"RUN apt-get install -y python3-pandas\""
            : $"Debian has {system.Package} {system.Version}: add the Dockerfile step \"RUN apt-get update && apt-get install -y {system.Package}\" to the environment and remove \"{system.Requirement}\" from its pip list";
        var index = failure.IndexConfiguration.Count > 0 ? string.Join("; ", failure.IndexConfiguration) : "pip's default index";
        return unreachable
            ? $"Make a package index reachable from the image build (now: {index}; PIP_INDEX_URL is passed to the build), or {apt}; then run {update}."
            : $"Check the names and versions in {file} against the index ({index}), or {apt}; then run {update}.";
    }
}
