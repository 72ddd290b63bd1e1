using System.Diagnostics;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>berth-scoring --help is checked against the stored Expected/help.txt.</summary>
public sealed class HelpTests
{
    [Fact]
    public async Task Help_MatchesTheStoredText_AndExits0()
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", Paths.ScoringDll, "--help"]) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(HttpTest.Timeout);
        await process.WaitForExitAsync().WaitAsync(HttpTest.Timeout);
        Assert.Equal(0, process.ExitCode);
        var expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Expected", "help.txt"));
        Assert.Equal(expected, output);
    }
}
