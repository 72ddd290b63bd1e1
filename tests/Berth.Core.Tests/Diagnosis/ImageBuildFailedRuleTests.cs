using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

/// <summary>A failed image build (the container targets) as the classic builder reports it: the step, its lines, a remedy that fits the step.</summary>
public sealed class ImageBuildFailedRuleTests
{
    private static ServiceEvidence Failed(InstallFailure failure) => For(string.Empty) with { InstallFailure = failure };

    [Fact]
    public void MissingBaseImage_NamesTheFromStep_AndSaysHowToGetOne()
    {
        var failure = new InstallFailure("docker build", null, ["Step 1/9 : FROM contoso/nothing:1"])
        {
            FailingStep = "Step 1/9 : FROM contoso/nothing:1",
            BuildError = "pull access denied for contoso/nothing, repository does not exist or may require 'docker login'",
        };

        var d = Only(Failed(failure), "image_build_failed");

        Assert.Contains("base image is not on this machine's Docker engine", d.Summary, StringComparison.Ordinal);
        Assert.Contains("failing step: Step 1/9 : FROM contoso/nothing:1", d.Evidence);
        Assert.Contains(d.Evidence, l => l.Contains("pull access denied", StringComparison.Ordinal));
        Assert.Contains("docker.baseImage", d.Remedy, StringComparison.Ordinal);
        Assert.Contains("berth service update diabetes --ic inferenceconfig.json", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void PipStepWithoutAnIndex_NamesTheRequirement_AndTheDebianPackageAsADockerfileStep()
    {
        var failure = new InstallFailure("docker build", null,
            [
                "Step 5/10 : RUN python3 -m pip install --no-cache-dir \"pandas==1.5.3\"",
                "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/pandas/",
                "ERROR: Could not find a version that satisfies the requirement pandas==1.5.3 (from versions: none)",
            ])
        {
            FailingStep = "Step 5/10 : RUN python3 -m pip install --no-cache-dir \"pandas==1.5.3\"",
            Requirements = ["pandas==1.5.3"],
            SystemPackages = [new SystemPackage("pandas==1.5.3", "python3-pandas", "1.5.3", true)],
        };

        var diagnoses = Diagnose(Failed(failure));

        var d = Assert.Single(diagnoses, x => x.Code == "image_build_failed");
        Assert.DoesNotContain(diagnoses, x => x.Code == "install_failed");
        Assert.Contains("could not reach a package index to install \"pandas==1.5.3\"", d.Summary, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y python3-pandas", d.Remedy, StringComparison.Ordinal);
        Assert.Contains("PIP_INDEX_URL", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void UsersOwnStep_IsNamed_AndOtherInstallersAreNotImageBuilds()
    {
        var failure = new InstallFailure("docker build", null, ["Step 7/10 : RUN make-model", "/bin/sh: 1: make-model: not found"])
        {
            FailingStep = "Step 7/10 : RUN make-model",
            BuildError = "The command '/bin/sh -c make-model' returned a non-zero code: 127",
        };

        var d = Only(Failed(failure), "image_build_failed");

        Assert.Equal("Building the service's image failed at Step 7/10 : RUN make-model.", d.Summary);
        Assert.Contains("builder: The command '/bin/sh -c make-model' returned a non-zero code: 127", d.Evidence);
        Assert.DoesNotContain(Diagnose(Failed(new InstallFailure("pip", 1, ["ERROR: x"]))), x => x.Code == "image_build_failed");
    }
}
