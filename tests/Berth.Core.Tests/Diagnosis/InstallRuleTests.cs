using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

/// <summary>pip's failures as pip printed them on a machine without a reachable index, and on one where a package is unknown.</summary>
public sealed class InstallRuleTests
{
    private static readonly string[] OfflinePandas = """
        Looking in links: /opt/wheels
        WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f47da418190>: Failed to establish a new connection: [Errno -2] Name or service not known')': /simple/pandas/
        ERROR: Could not find a version that satisfies the requirement pandas==1.4.0 (from versions: none)
        ERROR: No matching distribution found for pandas==1.4.0
        """.Split('\n');

    private static readonly string[] OfflineNetworkUnreachable = """
        Collecting azureml-interpret==1.55.0
          WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f0c2a1b3d90>: Failed to establish a new connection: [Errno 101] Network is unreachable')': /simple/azureml-interpret/
        ERROR: Could not find a version that satisfies the requirement azureml-interpret==1.55.0 (from versions: none)
        ERROR: No matching distribution found for azureml-interpret==1.55.0
        """.Split('\n');

    private static ServiceEvidence Failed(InstallFailure failure) => For(string.Empty) with { InstallFailure = failure };

    [Fact]
    public void PipWithConnectionErrors_IsPackageIndexUnreachable_NotACheckOfThePackageName()
    {
        var failure = new InstallFailure("pip", 1, OfflinePandas) { Requirements = ["pandas==1.4.0"] };

        var d = Only(Failed(failure), "package_index_unreachable");

        Assert.Equal(
            "Preparing the environment failed: pip could not reach a package index to install \"pandas==1.4.0\" (whether that package and version exist is unknown).",
            d.Summary);
        Assert.Contains("pip: ERROR: No matching distribution found for pandas==1.4.0", d.Evidence);
        Assert.Contains(d.Evidence, l => l.Contains("Failed to establish a new connection", StringComparison.Ordinal));
        Assert.Contains("package index in use: pip's default index", d.Evidence);
        Assert.DoesNotContain("check the package name", d.Remedy, StringComparison.Ordinal);
        Assert.Equal(
            "Make a package index reachable from this machine (now: pip's default index; set PIP_INDEX_URL or pip.conf to an index or mirror you can reach), then run `berth service update diabetes --ic inferenceconfig.json`.",
            d.Remedy);
    }

    [Fact]
    public void UnreachableIndex_NamesTheIndexConfigurationInUse()
    {
        var failure = new InstallFailure("pip", 1, OfflinePandas) { IndexConfiguration = ["PIP_INDEX_URL=https://mirror.invalid/simple"] };

        var d = Only(Failed(failure), "package_index_unreachable");

        Assert.Contains("package index in use: PIP_INDEX_URL=https://mirror.invalid/simple", d.Evidence);
        Assert.StartsWith("Make a package index reachable from this machine (now: PIP_INDEX_URL=https://mirror.invalid/simple;", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableIndex_WithASatisfyingDebianPackage_OffersAptGetInstall()
    {
        var failure = new InstallFailure("pip", 1, OfflinePandas.Select(l => l.Replace("pandas==1.4.0", "pandas>=1.4", StringComparison.Ordinal)).ToList())
        {
            SystemPackages = [new SystemPackage("pandas>=1.4", "python3-pandas", "1.5.3", true)],
        };

        var d = Only(Failed(failure), "package_index_unreachable");

        Assert.Contains("the machine's package manager has python3-pandas 1.5.3, which satisfies pandas>=1.4", d.Evidence);
        Assert.Contains(
            "or install it with the machine's package manager: apt-get install python3-pandas (then the system interpreter satisfies pandas>=1.4 and nothing needs installing)",
            d.Remedy,
            StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableIndex_WithADebianPackageOfAnotherVersion_SaysThePinMustAllowIt()
    {
        var failure = new InstallFailure("pip", 1, OfflinePandas) { SystemPackages = [new SystemPackage("pandas==1.4.0", "python3-pandas", "1.5.3", false)] };

        var d = Only(Failed(failure), "package_index_unreachable");

        Assert.Contains("the machine's package manager has python3-pandas 1.5.3, which does not satisfy pandas==1.4.0", d.Evidence);
        Assert.EndsWith(
            "Or use the version the machine's package manager has: apt-get install python3-pandas installs 1.5.3, and change \"pandas==1.4.0\" in myenv.yml to allow 1.5.3.",
            d.Remedy,
            StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableIndex_ForAnAzuremlPackage_NamesThatPackage_NotAzuremlDefaults()
    {
        var d = Only(Failed(new InstallFailure("pip", 1, OfflineNetworkUnreachable)), "package_index_unreachable");

        Assert.Contains("\"azureml-interpret==1.55.0\"", d.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("azureml-defaults", d.Summary + d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void PipNotFindingAnAzuremlPackage_WithAReachableIndex_IsInstallFailed_NamingThatPackage()
    {
        var output = """
            Collecting azureml-defaults>=1.0.45
              Using cached azureml_defaults-1.57.0-py3-none-any.whl (2.0 kB)
            ERROR: Could not find a version that satisfies the requirement azureml-interpret==0.0.1 (from versions: 1.54.0, 1.55.0)
            ERROR: No matching distribution found for azureml-interpret==0.0.1
            """.Split('\n');

        var d = Only(Failed(new InstallFailure("pip", 1, output)), "install_failed");

        Assert.Equal("Preparing the environment failed: pip cannot find \"azureml-interpret==0.0.1\".", d.Summary);
        Assert.Contains("`pip index versions azureml-interpret`", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageIndexUnreachable_IsACertainFailure()
    {
        Assert.True(DeploymentFailure.IsCertain(Diagnose(Failed(new InstallFailure("pip", 1, OfflinePandas)))));
    }
}
