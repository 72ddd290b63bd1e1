namespace Berth.Diagnosis;

/// <summary>Whether diagnoses make a deployment's failure certain, so deploy and wait stop instead of sitting out the backoff.</summary>
public static class DeploymentFailure
{
    private static readonly HashSet<string> StartFailures = new(StringComparer.Ordinal)
    {
        DiagnosisCodes.InstallFailed,
        DiagnosisCodes.PackageIndexUnreachable,
        DiagnosisCodes.ImageBuildFailed,
        DiagnosisCodes.ImagePullFailed,
        DiagnosisCodes.PodsRefused,
        DiagnosisCodes.CompileFailed,
        DiagnosisCodes.PortInUse,
        DiagnosisCodes.InitFailed,
        DiagnosisCodes.ModelNotFound,
        DiagnosisCodes.OnnxModelInvalid,
        DiagnosisCodes.MissingPackage,
        DiagnosisCodes.PickleVersionMismatch,
    };

    /// <summary>
    /// True when a diagnosis of severity Error says the replicas cannot start as deployed (init() raised, the script
    /// does not compile, the environment cannot be built, the port is taken); retrying will not help until the user acts.
    /// OOM, timeouts and overload are not certain: they depend on load and on the machine.
    /// </summary>
    public static bool IsCertain(IEnumerable<ServiceDiagnosis> diagnoses)
    {
        ArgumentNullException.ThrowIfNull(diagnoses);
        return diagnoses.Any(d => d.Severity == DiagnosisSeverity.Error && StartFailures.Contains(d.Code));
    }
}
