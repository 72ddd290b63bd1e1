using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api.V1;
using Berth.Configuration;

namespace Berth.Client;

/// <summary>
/// A deployment config built in code, in the platform's <c>deploymentconfig.json</c> format. Made by
/// <see cref="LocalWebservice.DeployConfiguration"/>, <see cref="AciWebservice.DeployConfiguration"/> or
/// <see cref="AksWebservice.DeployConfiguration"/>, which validate it at once (every problem, with the platform's messages).
/// </summary>
public sealed class DeploymentConfiguration
{
    internal DeploymentConfiguration(JsonObject json)
    {
        Json = json;
        Spec = DeploymentConfigLoader.Parse(json.ToJsonString(), "deployment configuration");
    }

    /// <summary>The config as the server reads it.</summary>
    public JsonObject Json { get; }

    /// <summary>The validated config with every default resolved.</summary>
    public DeploymentConfigSpec Spec { get; }

    /// <summary>Writes <c>deploymentconfig.json</c> to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>As sent to the server: named <c>deploymentconfig.json</c> in the current folder (it need not exist).</summary>
    internal ConfigFileDto ToFile() =>
        new(Path.Combine(Directory.GetCurrentDirectory(), "deploymentconfig.json"), Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    internal static JsonObject Without(JsonObject json)
    {
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(key);
        }

        return json;
    }
}

/// <summary>The local target's deploy configuration factory.</summary>
public static class LocalWebservice
{
    /// <summary><c>port</c> null picks a free one.</summary>
    public static DeploymentConfiguration DeployConfiguration(int? port = null) =>
        new(DeploymentConfiguration.Without(new JsonObject { ["computeType"] = "local", ["port"] = port }));
}

/// <summary>The container target's deploy configuration factory (the platform's ACI defaults: 0.1 cores, 0.5 GB).</summary>
public static class AciWebservice
{
    public static DeploymentConfiguration DeployConfiguration(double cpuCores = 0.1, double memoryGb = 0.5, bool authEnabled = false, int? port = null, string? description = null) =>
        new(DeploymentConfiguration.Without(new JsonObject
        {
            ["computeType"] = "container",
            ["containerResourceRequirements"] = new JsonObject { ["cpu"] = cpuCores, ["memoryInGB"] = memoryGb },
            ["authEnabled"] = authEnabled,
            ["port"] = port,
            ["description"] = description,
        }));
}

/// <summary>The Kubernetes target's deploy configuration factory, with the platform's names and defaults.</summary>
public static class AksWebservice
{
    public static DeploymentConfiguration DeployConfiguration(
        bool? autoscaleEnabled = null, int? autoscaleMinReplicas = null, int? autoscaleMaxReplicas = null, int? autoscaleTargetUtilization = null,
        int? numReplicas = null, double cpuCores = 0.1, double memoryGb = 0.5, int? gpuCores = null, bool authEnabled = true,
        int scoringTimeoutMs = 60000, int replicaMaxConcurrentRequests = 1, int maxRequestWaitTime = 500, string? @namespace = null)
    {
        var autoscaler = DeploymentConfiguration.Without(new JsonObject
        {
            ["autoscaleEnabled"] = autoscaleEnabled,
            ["minReplicas"] = autoscaleMinReplicas,
            ["maxReplicas"] = autoscaleMaxReplicas,
            ["targetUtilization"] = autoscaleTargetUtilization,
        });
        return new(DeploymentConfiguration.Without(new JsonObject
        {
            ["computeType"] = "kubernetes",
            ["autoScaler"] = autoscaler.Count > 0 ? autoscaler : null,
            ["numReplicas"] = numReplicas,
            ["containerResourceRequirements"] = DeploymentConfiguration.Without(new JsonObject { ["cpu"] = cpuCores, ["memoryInGB"] = memoryGb, ["gpu"] = gpuCores }),
            ["authEnabled"] = authEnabled,
            ["scoringTimeoutMs"] = scoringTimeoutMs,
            ["maxConcurrentRequestsPerContainer"] = replicaMaxConcurrentRequests,
            ["maxQueueWaitMs"] = maxRequestWaitTime,
            ["namespace"] = @namespace,
        }));
    }
}
