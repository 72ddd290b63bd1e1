using Berth.Diagnosis;

namespace Berth.Tests.Diagnosis;

public sealed class DiagnosisTextTests
{
    [Fact]
    public void Format_RendersCauseEvidenceAndRemedy()
    {
        var d = new ServiceDiagnosis("oom", "A replica ran out of memory.", ["replica-1 exited with exit code 137", "memoryInGB is 0.5 (512 MiB)"], "Set memoryInGB to 1.", DiagnosisSeverity.Error);

        Assert.Equal(
            "cause: oom (error): A replica ran out of memory.\n"
            + "  evidence:\n"
            + "    replica-1 exited with exit code 137\n"
            + "    memoryInGB is 0.5 (512 MiB)\n"
            + "  remedy: Set memoryInGB to 1.\n",
            DiagnosisText.Format(d));
    }

    [Fact]
    public void Format_SeveralDiagnoses_AreSeparatedByABlankLine()
    {
        var a = new ServiceDiagnosis("a", "A.", [], "Do a.", DiagnosisSeverity.Error);
        var b = new ServiceDiagnosis("b", "B.", [], "Do b.", DiagnosisSeverity.Warning);

        Assert.Equal("cause: a (error): A.\n  remedy: Do a.\n\ncause: b (warning): B.\n  remedy: Do b.\n", DiagnosisText.Format([a, b]));
    }

    [Fact]
    public void Format_NothingFound_SaysSo()
    {
        Assert.Equal(DiagnosisText.NothingFound + "\n", DiagnosisText.Format([]));
    }
}
