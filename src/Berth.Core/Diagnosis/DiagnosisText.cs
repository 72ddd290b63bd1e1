using System.Text;

namespace Berth.Diagnosis;

/// <summary>Renders diagnoses for the CLI and the deploy output: cause, evidence, remedy.</summary>
public static class DiagnosisText
{
    /// <summary>The text when nothing was found.</summary>
    public const string NothingFound = "No problem found: the logs, replica events and request counts show no known cause of failure.";

    /// <summary>
    /// Renders each diagnosis as
    /// <code>
    /// cause: oom (error): A replica ran out of memory ...
    ///   evidence:
    ///     replica-1 exited with exit code 137 ...
    ///   remedy: Set "containerResourceRequirements": ...
    /// </code>
    /// separated by a blank line; <see cref="NothingFound"/> when the list is empty.
    /// </summary>
    public static string Format(IReadOnlyList<ServiceDiagnosis> diagnoses)
    {
        ArgumentNullException.ThrowIfNull(diagnoses);
        if (diagnoses.Count == 0)
        {
            return NothingFound + "\n";
        }

        return string.Join("\n", diagnoses.Select(Format));
    }

    /// <summary>Renders one diagnosis (see <see cref="Format(IReadOnlyList{ServiceDiagnosis})"/>).</summary>
    public static string Format(ServiceDiagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var sb = new StringBuilder();
        sb.Append("cause: ").Append(diagnosis.Code).Append(" (").Append(diagnosis.Severity.ToString().ToLowerInvariant()).Append("): ")
            .Append(diagnosis.Summary).Append('\n');
        if (diagnosis.Evidence.Count > 0)
        {
            sb.Append("  evidence:\n");
            foreach (var line in diagnosis.Evidence)
            {
                sb.Append("    ").Append(line).Append('\n');
            }
        }

        sb.Append("  remedy: ").Append(diagnosis.Remedy).Append('\n');
        return sb.ToString();
    }
}
