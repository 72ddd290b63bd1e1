namespace Berth.Diagnosis;

/// <summary>
/// A named cause with the evidence for it and the remedy. (Named <c>ServiceDiagnosis</c>, not <c>Diagnosis</c>: a type
/// called like its namespace <c>Berth.Diagnosis</c> would not resolve in code under <c>namespace Berth.*</c>.)
/// </summary>
/// <param name="Code">A stable code from <see cref="DiagnosisCodes"/>.</param>
/// <param name="Summary">One sentence: what went wrong.</param>
/// <param name="Evidence">The log lines, exit codes and numbers it is based on.</param>
/// <param name="Remedy">A concrete sentence naming the field or file to change.</param>
/// <param name="Severity">How bad it is.</param>
public sealed record ServiceDiagnosis(
    string Code, string Summary, IReadOnlyList<string> Evidence, string Remedy, DiagnosisSeverity Severity);
