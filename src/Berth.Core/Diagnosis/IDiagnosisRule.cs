namespace Berth.Diagnosis;

/// <summary>One cause: looks at the evidence and returns a diagnosis, or null when its cause is not there. Pure.</summary>
public interface IDiagnosisRule
{
    /// <summary>The code this rule reports.</summary>
    string Code { get; }

    /// <summary>Codes this rule's diagnosis makes redundant when both fire (a specific cause over a generic one).</summary>
    IReadOnlyCollection<string> Supersedes { get; }

    /// <summary>Returns the diagnosis, or null when the evidence does not show this cause.</summary>
    ServiceDiagnosis? Evaluate(ServiceEvidence evidence);
}
