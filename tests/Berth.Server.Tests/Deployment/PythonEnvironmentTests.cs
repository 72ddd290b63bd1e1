using System.Net;
using System.Net.Sockets;
using Berth.Diagnosis;
using Berth.Environments;
using Berth.Server.Deployment;
using Berth.Server.Tests.Infrastructure;
using Berth.Services;

namespace Berth.Server.Tests.Deployment;

/// <summary>
/// <see cref="PythonEnvironment.PrepareAsync"/> with the real system Python (Debian's python3 with numpy, scikit-learn
/// and packaging) and the real pip. The install tests point pip at a closed local port, so no index is reachable
/// wherever they run.
/// </summary>
public sealed class PythonEnvironmentTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly TestWorkspace _workspace = new();
    private readonly List<string> _progress = [];
    private readonly string? _indexBefore = Environment.GetEnvironmentVariable("PIP_INDEX_URL");

    public PythonEnvironmentTests()
    {
        Assert.True(File.Exists(PythonEnvironment.SystemPython), $"these tests need the system Python at {PythonEnvironment.SystemPython} (apt-get install python3 python3-venv python3-numpy python3-sklearn python3-packaging)");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PIP_INDEX_URL", _indexBefore);
        _workspace.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("==1.24.*")]
    public async Task NumpyTheSystemHas_IsSatisfiedBySystemPython_WithoutAVirtualenv(string specifier)
    {
        var python = await PrepareAsync(new EnvironmentDefinition { PipPackages = [new PackageRequirement("numpy", specifier)] });

        Assert.Equal("/usr/bin/python3", python);
        Assert.False(Directory.Exists(_workspace.Layout.EnvironmentsDirectory) && Directory.EnumerateFileSystemEntries(_workspace.Layout.EnvironmentsDirectory).Any());
        Assert.Contains(_progress, p => p.StartsWith($"environment: already satisfied by /usr/bin/python3: numpy{specifier} (1.24.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PinTheSystemDoesNotSatisfy_IsInstalled_AndWithNoIndexTheFailureSaysTheIndexIsUnreachable()
    {
        var index = ClosedIndex();

        var e = await Assert.ThrowsAsync<InstallFailedException>(() => PrepareAsync(new EnvironmentDefinition { PipPackages = [new PackageRequirement("scikit-learn", "==0.22.1")] }));

        Assert.Contains(_progress, p => p.StartsWith("environment: to install: scikit-learn==0.22.1: 1.2.", StringComparison.Ordinal) && p.EndsWith(" is installed", StringComparison.Ordinal));
        Assert.Equal(["scikit-learn==0.22.1"], e.Failure.Requirements);
        Assert.Contains($"PIP_INDEX_URL={index}", e.Failure.IndexConfiguration);
        Assert.Contains(e.Failure.SystemPackages, p => p is { Package: "python3-sklearn", SatisfiesRequirement: false });
        var d = Diagnose(e.Failure);
        Assert.Equal(DiagnosisCodes.PackageIndexUnreachable, d.Code);
        Assert.Contains("pip could not reach a package index to install \"scikit-learn==0.22.1\"", d.Summary, StringComparison.Ordinal);
        Assert.Contains("apt-get install python3-sklearn", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzuremlPackageBerthDoesNotProvide_IsInstalled_AndItsFailureNamesIt()
    {
        ClosedIndex();

        var e = await Assert.ThrowsAsync<InstallFailedException>(() => PrepareAsync(new EnvironmentDefinition
        {
            PipPackages = [new PackageRequirement("azureml-defaults", ""), new PackageRequirement("azureml-interpret", "==1.55.0")],
        }));

        Assert.Equal(["azureml-interpret==1.55.0"], e.Failure.Requirements);
        Assert.Contains("\"azureml-interpret==1.55.0\"", Diagnose(e.Failure).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonPinTheInterpreterDoesNotMatch_IsAWarning_AndTheSystemPythonIsUsed()
    {
        var python = await PrepareAsync(new EnvironmentDefinition { PythonVersion = "3.8", PipPackages = [new PackageRequirement("numpy", "")] });

        Assert.Equal("/usr/bin/python3", python);
        Assert.Contains(_progress, p => p.StartsWith("environment: warning: environment asks for python=3.8; this interpreter is 3.", StringComparison.Ordinal) && p.Contains("; continuing with 3.", StringComparison.Ordinal));
    }

    private async Task<string> PrepareAsync(EnvironmentDefinition definition)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        return await new PythonEnvironment(_workspace.Layout).PrepareAsync(definition, _progress.Add, cancel.Token).WaitAsync(Timeout);
    }

    /// <summary>Points pip at a local port nobody listens on (connection refused) and returns that index URL.</summary>
    private static string ClosedIndex()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var index = $"http://127.0.0.1:{port}/simple";
        Environment.SetEnvironmentVariable("PIP_INDEX_URL", index);
        return index;
    }

    private static ServiceDiagnosis Diagnose(InstallFailure failure) =>
        DiagnosisEngine.Default.Diagnose(new ServiceEvidence("svc", ServiceTargetKind.Local) { InstallFailure = failure }).Single();
}
