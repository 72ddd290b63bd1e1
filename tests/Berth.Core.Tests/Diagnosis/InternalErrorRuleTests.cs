using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

/// <summary>An internal error is a cause of its own: a Failed service Berth broke is never "No problem found".</summary>
public sealed class InternalErrorRuleTests
{
    private static readonly InternalFailure Failure = new(
        "deploy", "The input string '' was not in a correct format.",
        ["System.FormatException: The input string '' was not in a correct format.", "at Berth.Server.Targets.Local.LocalReplica.StartAsync()"],
        T0);

    [Fact]
    public void InternalFailure_WithNothingElseWrong_IsDiagnosedInternalError_WithTheLogExcerptAndTheBugReportRemedy()
    {
        var evidence = For(string.Empty) with { InternalFailure = Failure };

        var cause = Only(evidence, DiagnosisCodes.InternalError);

        Assert.Equal("Berth itself failed during the deploy of this service: The input string '' was not in a correct format.", cause.Summary);
        Assert.Equal("server log at 2026-11-25 12:00:00 UTC:", cause.Evidence[0]);
        Assert.Contains("  System.FormatException: The input string '' was not in a correct format.", cause.Evidence);
        Assert.StartsWith("This is a bug in Berth; report it with the server log around 2026-11-25 12:00:00 UTC", cause.Remedy, StringComparison.Ordinal);
        Assert.Contains("`berth service diagnose diabetes -o json`", cause.Remedy, StringComparison.Ordinal);
        Assert.Equal(DiagnosisSeverity.Error, cause.Severity);
    }

    [Fact]
    public void InternalFailure_NextToAReplicaCause_ComesFirst()
    {
        var evidence = For(LogSamples.InitKeyError, Started(0), Exited(1, 3)) with { InternalFailure = Failure };

        var codes = Codes(evidence);

        Assert.Equal(DiagnosisCodes.InternalError, codes[0]);
        Assert.Contains(DiagnosisCodes.InitFailed, codes);
    }

    [Fact]
    public void NoInternalFailure_FiresNothing()
    {
        Assert.DoesNotContain(DiagnosisCodes.InternalError, Codes(For(LogSamples.InitKeyError, Started(0), Exited(1, 3))));
    }
}
