using System.Diagnostics;
using Berth.Server.Services;

namespace Berth.Server.Tests.Services;

public sealed class LogRotationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    public void Plan_WithinTheLimit_DoesNothing(long length)
    {
        Assert.Empty(LogRotation.Plan("/x/log", length, maxBytes: 1024, files: 5));
    }

    [Fact]
    public void Plan_PastTheLimit_ShiftsOldestFirst_AndEndsWithTheLogItself()
    {
        var plan = LogRotation.Plan("/x/log", 1025, maxBytes: 1024, files: 4);

        Assert.Equal([("/x/log.2", "/x/log.3"), ("/x/log.1", "/x/log.2"), ("/x/log", "/x/log.1")], plan);
    }

    [Fact]
    public void Plan_OneFile_NeverRotates()
    {
        Assert.Empty(LogRotation.Plan("/x/log", long.MaxValue, maxBytes: 1024, files: 1));
    }

    [Fact]
    public async Task RotateIfNeeded_WhileAShellAppendsWithO_APPEND_KeepsKFiles_AndTheWriterGoesOnAtTheNewEnd()
    {
        using var folder = new TempFolder("berth-logrotation");
        var log = folder.Combine("log");
        // The replica wrapper's way of writing: one `>>log` (O_APPEND) held open by a long-running writer.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec >>\"$1\"; while read -r line; do echo \"$line\"; done");
        start.ArgumentList.Add("writer");
        start.ArgumentList.Add(log);
        using var writer = Process.Start(start)!;
        var rotations = 0;
        try
        {
            for (var batch = 0; batch < 12; batch++)
            {
                var last = string.Empty;
                for (var i = 0; i < 10; i++)
                {
                    last = $"batch {batch:D2} line {i} " + new string('x', 60);
                    await writer.StandardInput.WriteLineAsync(last);
                }

                await writer.StandardInput.FlushAsync();
                await WaitForAsync(() => File.Exists(log) && File.ReadAllText(log).Contains(last, StringComparison.Ordinal));
                rotations += LogRotation.RotateIfNeeded(log, maxBytes: 512, files: 3) ? 1 : 0;
            }

            await writer.StandardInput.WriteLineAsync("after the last rotation");
            await writer.StandardInput.FlushAsync();
            await WaitForAsync(() => File.ReadAllText(log).Contains("after", StringComparison.Ordinal));
        }
        finally
        {
            writer.StandardInput.Close();
            await writer.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(12, rotations);
        Assert.Equal([log, log + ".1", log + ".2"], Directory.GetFiles(folder.Path).Order());
        // After the truncation the writer went on at offset 0 (O_APPEND), not at its old offset behind a hole of zeros.
        Assert.Equal("after the last rotation\n", File.ReadAllText(log));
        Assert.StartsWith("batch 11 line 0 ", File.ReadAllText(log + ".1"), StringComparison.Ordinal);
        Assert.StartsWith("batch 10 line 0 ", File.ReadAllText(log + ".2"), StringComparison.Ordinal);
        Assert.DoesNotContain('\0', File.ReadAllText(log + ".1"));
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
