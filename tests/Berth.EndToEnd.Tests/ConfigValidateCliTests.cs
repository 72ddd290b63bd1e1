using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary><c>berth config validate</c> reports every problem at once with file:line:column, field and allowed values.</summary>
public sealed class ConfigValidateCliTests : IDisposable
{
    private readonly TempFolder _files = new("berth-config");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Validate_TheDiabetesSample_SaysBothFilesAreValid()
    {
        var sample = Path.Combine(Binaries.RepositoryRoot, "samples", "diabetes");
        foreach (var file in Directory.EnumerateFiles(sample))
        {
            File.Copy(file, _files.Combine(Path.GetFileName(file)));
        }

        _files.WriteFile("score.py", "def init():\n    pass\n\ndef run(data):\n    return data\n");

        var result = await BerthAsync("config", "validate", "--ic", _files.Combine("inferenceconfig.json"), "--dc", _files.Combine("deploymentconfig.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("inferenceconfig.json: valid (python entry script", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("deploymentconfig.json: valid (local, 1 replica(s), port 6789", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ConfigsWithManyProblems_ListsEveryOneWithPositionAndExits5()
    {
        var ic = _files.WriteFile("ic.json", "{\n  \"entryScript\": \"missing.py\"\n}\n");
        var dc = _files.WriteFile("dc.json", """
            {
              "computeType": "aks",
              "autoScaler": {"autoscaleEnabled": true, "minReplicas": 5, "maxReplicas": 2},
              "containerResourceRequirements": {"cpu": 0, "memoryInGB": "lots"},
              "numReplica": 3
            }
            """);

        var result = await BerthAsync("config", "validate", "--ic", ic, "--dc", dc);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("error: 5 problems found:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{ic}:2:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("missing.py", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{dc}:3:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("autoscale_min_replicas cannot be greater than autoscale_max_replicas", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("cpu_cores must be greater than zero", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("containerResourceRequirements.memoryInGB: expected a number, got \"lots\"", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{dc}:5:3: numReplica: unknown field \"numReplica\" in a kubernetes deployment config; did you mean \"numReplicas\"?", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: fix the fields named above", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_JsonWithSyntaxError_SaysLineAndColumn()
    {
        var dc = _files.WriteFile("dc.json", "{\n  \"computeType\": \"local\",\n  \"port\": 80 80\n}\n");

        var result = await BerthAsync("config", "validate", "--dc", dc);

        Assert.Equal(5, result.ExitCode);
        Assert.Matches($@"error: {System.Text.RegularExpressions.Regex.Escape(dc)}:3:\d+: JSON syntax error", result.StandardError);
    }

    [Fact]
    public async Task Validate_WithoutFiles_IsRefusedWithHint()
    {
        var result = await BerthAsync("config", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: nothing to validate", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: pass --ic inferenceconfig.json and/or --dc deploymentconfig.json", result.StandardError, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> BerthAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Binaries.Cli, arguments, new Dictionary<string, string> { ["BERTH_URL"] = "http://127.0.0.1:9" });
}
