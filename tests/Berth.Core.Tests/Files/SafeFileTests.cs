using System.Diagnostics;
using Berth.Configuration;
using Berth.Errors;
using Berth.Files;
using Berth.Tests;

namespace Berth.Core.Tests.Files;

/// <summary>A file a user names is read only when it is a regular file within its limit; anything else is a clear error at once.</summary>
public sealed class SafeFileTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task InferenceConfig_ThatIsAFifo_IsRefusedWithoutWaitingForAWriter()
    {
        var fifo = MakeFifo("inferenceconfig.json");

        var load = Task.Run(() => InferenceConfigLoader.Load(fifo));
        var error = await Assert.ThrowsAsync<BerthException>(() => load.WaitAsync(Bound));

        Assert.Equal(ErrorCodes.FileNotRegular, error.Code);
        Assert.Equal($"inference config {fifo} is a FIFO (named pipe), not a regular file", error.Message);
        Assert.Contains("a pipe, device or socket cannot be read", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InferenceConfig_ThatIsDevZero_IsRefusedBeforeAnythingIsRead()
    {
        var before = Process.GetCurrentProcess().PeakWorkingSet64;

        var load = Task.Run(() => InferenceConfigLoader.Load("/dev/zero"));
        var error = await Assert.ThrowsAsync<BerthException>(() => load.WaitAsync(Bound));

        Assert.Equal(ErrorCodes.FileNotRegular, error.Code);
        Assert.Equal("inference config /dev/zero is a character device, not a regular file", error.Message);
        Assert.True(Process.GetCurrentProcess().PeakWorkingSet64 - before < 256L << 20, "reading /dev/zero must not grow the process");
    }

    [Fact]
    public void DeploymentConfig_LargerThanOneMiB_IsRefusedNamingItsSizeAndTheLimit()
    {
        var path = _folder.Write("deploymentconfig.json", "{\"computeType\": \"local\"}" + new string(' ', 2 << 20));

        var error = Assert.Throws<BerthException>(() => DeploymentConfigLoader.Load(path));

        Assert.Equal(ErrorCodes.FileTooLarge, error.Code);
        Assert.Equal($"deployment config {path} is 2 MiB; config files are at most 1 MiB", error.Message);
    }

    [Fact]
    public void CondaFile_ThatIsAFifo_IsReportedAsAProblemOfTheInferenceConfig()
    {
        _folder.Write("score.py", "def init(): pass\ndef run(d): return d\n");
        var fifo = MakeFifo("myenv.yml");
        var config = _folder.Write("inferenceconfig.json", """{"entryScript": "score.py", "condaFile": "myenv.yml"}""");

        var error = Assert.Throws<ConfigValidationException>(() => InferenceConfigLoader.Load(config));

        Assert.Contains(error.Issues, i => i.Message.Contains($"{fifo} is a FIFO (named pipe), not a regular file", StringComparison.Ordinal));
    }

    [Fact]
    public void EntryScript_LargerThanItsLimit_IsReportedWithTheConfigsLine()
    {
        _folder.Write("score.py", "#" + new string('x', 17 << 20));
        var config = _folder.Write("inferenceconfig.json", "{\n  \"entryScript\": \"score.py\"\n}");

        var error = Assert.Throws<ConfigValidationException>(() => InferenceConfigLoader.Load(config));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(2, issue.Line);
        Assert.Contains("is 17 MiB; entry scripts are at most 16 MiB", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllText_OfAProcFile_ReadsWhatTheKernelWrites()
    {
        var text = SafeFile.ReadAllText("/proc/self/status", "status file", FileLimit.Config);

        Assert.StartsWith("Name:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllText_OfAFolder_OrAMissingFile_SaysWhich()
    {
        var folder = Assert.Throws<BerthException>(() => SafeFile.ReadAllText(_folder.Path, "inference config", FileLimit.Config));
        var missing = Assert.Throws<BerthException>(() => SafeFile.ReadAllText(_folder.Path + "/none.json", "inference config", FileLimit.Config));

        Assert.Equal($"inference config {_folder.Path} is a folder, not a file", folder.Message);
        Assert.Equal(ErrorCodes.FileNotFound, missing.Code);
    }

    private string MakeFifo(string name)
    {
        var path = System.IO.Path.Combine(_folder.Path, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit(10_000);
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
