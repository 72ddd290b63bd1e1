using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary>
/// `--help` is part of the CLI's contract: it is checked against stored files in Expected/. After a deliberate
/// change, regenerate them with BERTH_UPDATE_EXPECTED=1 and review the diff.
/// </summary>
public sealed class HelpTextTests
{
    [Theory]
    [InlineData("berth-help.txt", new[] { "--help" })]
    [InlineData("berth-model-help.txt", new[] { "model", "--help" })]
    [InlineData("berth-model-register-help.txt", new[] { "model", "register", "--help" })]
    [InlineData("berth-service-help.txt", new[] { "service", "--help" })]
    [InlineData("berth-service-deploy-help.txt", new[] { "service", "deploy", "--help" })]
    [InlineData("berth-config-validate-help.txt", new[] { "config", "validate", "--help" })]
    [InlineData("berth-compute-help.txt", new[] { "compute", "--help" })]
    [InlineData("berth-compute-attach-help.txt", new[] { "compute", "attach", "--help" })]
    public async Task Help_MatchesTheStoredText(string file, string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Binaries.Cli, arguments, new Dictionary<string, string> { ["COLUMNS"] = "120" });
        var expectedPath = Path.Combine(Binaries.RepositoryRoot, "tests", "Berth.EndToEnd.Tests", "Expected", file);
        if (Environment.GetEnvironmentVariable("BERTH_UPDATE_EXPECTED") == "1")
        {
            await File.WriteAllTextAsync(expectedPath, result.StandardOutput);
        }

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run the tests with BERTH_UPDATE_EXPECTED=1 to create it");
        Assert.Equal(await File.ReadAllTextAsync(expectedPath), result.StandardOutput);
    }
}
