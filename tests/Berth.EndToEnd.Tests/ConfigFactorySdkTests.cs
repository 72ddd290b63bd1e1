using Berth.Client;
using Berth.Errors;

namespace Berth.EndToEnd.Tests;

/// <summary>The SDK's config factories validate at once, with the platform's messages.</summary>
public sealed class ConfigFactorySdkTests : IDisposable
{
    private readonly TempFolder _files = new("berth-sdk-config");

    public void Dispose() => _files.Dispose();

    [Fact]
    public void AksConfiguration_WithMinAboveMax_ThrowsThePlatformsSentence()
    {
        var error = Assert.Throws<ConfigValidationException>(() =>
            AksWebservice.DeployConfiguration(autoscaleEnabled: true, autoscaleMinReplicas: 5, autoscaleMaxReplicas: 2, cpuCores: 0));

        Assert.Contains(error.Issues, i => i.Message.Contains("autoscale_min_replicas cannot be greater than autoscale_max_replicas", StringComparison.Ordinal));
        Assert.Contains(error.Issues, i => i.Message.Contains("cpu_cores must be greater than zero", StringComparison.Ordinal));
    }

    [Fact]
    public void AksConfiguration_Defaults_AreThePlatforms()
    {
        var spec = AksWebservice.DeployConfiguration().Spec;

        Assert.True(spec.Autoscale.Enabled);
        Assert.Equal(60000, spec.ScoringTimeoutMs);
        Assert.Equal(500, spec.MaxQueueWaitMs);
        Assert.True(spec.AuthEnabled);
    }

    [Fact]
    public void LocalConfiguration_WithPortOutOfRange_Throws()
    {
        var error = Assert.Throws<ConfigValidationException>(() => LocalWebservice.DeployConfiguration(port: 70000));

        Assert.Contains(error.Issues, i => i.Field == "port");
    }

    [Fact]
    public void InferenceConfig_ForAScriptThatDoesNotExist_ThrowsNamingIt()
    {
        var error = Assert.ThrowsAny<BerthException>(() => new InferenceConfig("missing.py", _files.Path));

        Assert.Contains("missing.py", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InferenceConfig_SavedAndLoaded_KeepsTheScriptAndSourceDirectory()
    {
        _files.WriteFile("src/score.py", "def init(): pass\ndef run(d): return d\n");
        var config = new InferenceConfig("score.py", _files.Combine("src"));
        var path = _files.Combine("saved.json");

        config.Save(path);
        var loaded = InferenceConfig.Load(path);

        Assert.Equal(_files.Combine("src", "score.py"), loaded.Spec.EntryScript);
        Assert.Equal(_files.Combine("src"), loaded.Spec.SourceDirectory);
    }
}
