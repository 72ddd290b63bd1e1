namespace Berth.Diagnosis;

/// <summary>How bad a diagnosed cause is; diagnoses are listed worst first.</summary>
public enum DiagnosisSeverity
{
    /// <summary>Worth knowing; the service works.</summary>
    Info,

    /// <summary>Some requests fail or the service may misbehave.</summary>
    Warning,

    /// <summary>The service cannot start or no request succeeds.</summary>
    Error,
}
