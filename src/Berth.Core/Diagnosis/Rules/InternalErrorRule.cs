namespace Berth.Diagnosis.Rules;

/// <summary>
/// Berth itself failed (an unexpected exception in the control plane). That is a cause of its own: the service is not
/// at fault, and the remedy is a bug report, never "No problem found".
/// </summary>
internal sealed class InternalErrorRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.InternalError;

    public IReadOnlyCollection<string> Supersedes => [];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.InternalFailure is not { } failure)
        {
            return null;
        }

        var at = failure.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var lines = new List<string> { $"server log at {at} UTC:" };
        lines.AddRange(failure.LogExcerpt.Select(l => "  " + l));
        return new ServiceDiagnosis(
            Code,
            $"Berth itself failed during the {failure.Operation} of this service: {failure.Message}",
            lines,
            $"This is a bug in Berth; report it with the server log around {at} UTC (berth-server's output, or $BERTH_HOME/logs/server.log when the CLI started it), "
                + $"`berth service diagnose {evidence.ServiceName} -o json` and the inference and deployment configs. Meanwhile deploy the service again "
                + $"(`berth service deploy --name {evidence.ServiceName} ... --overwrite`).",
            DiagnosisSeverity.Error);
    }
}
