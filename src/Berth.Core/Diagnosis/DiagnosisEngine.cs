using Berth.Diagnosis.Rules;

namespace Berth.Diagnosis;

/// <summary>
/// Runs every rule over the evidence and returns the causes found, most important first: by severity, then by rule
/// order (causes before symptoms). A specific cause removes the generic one it supersedes (a missing model file is
/// reported as <c>model_not_found</c>, not also as <c>init_failed</c>). Pure.
/// </summary>
public sealed class DiagnosisEngine
{
    private readonly IReadOnlyList<IDiagnosisRule> _rules;

    /// <summary>Creates an engine over <paramref name="rules"/>, in priority order.</summary>
    public DiagnosisEngine(IEnumerable<IDiagnosisRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
    }

    /// <summary>The built-in rules, in priority order.</summary>
    public static IReadOnlyList<IDiagnosisRule> DefaultRules { get; } =
    [
        new InternalErrorRule(),
        new PackageIndexUnreachableRule(),
        new ImageBuildFailedRule(),
        new InstallFailedRule(),
        new CompileFailedRule(),
        new PortInUseRule(),
        new UnschedulableRule(),
        new ImagePullFailedRule(),
        new PodsRefusedRule(),
        new PickleVersionMismatchRule(),
        new MissingPackageRule(),
        new OnnxModelInvalidRule(),
        new ModelNotFoundRule(),
        new InitFailedRule(),
        new OomRule(),
        new LivenessProbeFailedRule(),
        new CrashLoopRule(),
        new RunFailedRule(),
        new TimeoutRule(),
        new NoReadyReplicaRule(),
        new OverloadedRule(),
    ];

    /// <summary>An engine with <see cref="DefaultRules"/>.</summary>
    public static DiagnosisEngine Default { get; } = new(DefaultRules);

    /// <summary>The causes the evidence shows, most important first; empty when nothing is wrong.</summary>
    public IReadOnlyList<ServiceDiagnosis> Diagnose(ServiceEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var fired = new List<(IDiagnosisRule Rule, ServiceDiagnosis Diagnosis)>();
        foreach (var rule in _rules)
        {
            if (rule.Evaluate(evidence) is { } diagnosis)
            {
                fired.Add((rule, diagnosis));
            }
        }

        var superseded = fired.SelectMany(f => f.Rule.Supersedes).ToHashSet(StringComparer.Ordinal);
        return fired
            .Where(f => !superseded.Contains(f.Diagnosis.Code))
            .Select(f => f.Diagnosis)
            .OrderByDescending(d => d.Severity)
            .ToList();
    }
}
