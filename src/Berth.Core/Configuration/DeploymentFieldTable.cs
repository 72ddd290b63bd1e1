namespace Berth.Configuration;

/// <summary>Which deployment-config fields each compute type accepts (contract §2.1-2.3 plus Berth's local extensions).</summary>
internal static class DeploymentFieldTable
{
    public static readonly IReadOnlyDictionary<ComputeType, string[]> Top = new Dictionary<ComputeType, string[]>
    {
        [ComputeType.Local] =
        [
            "computeType", "port", "numReplicas", "autoScaler", "maxConcurrentRequestsPerContainer", "maxQueueWaitMs", "scoringTimeoutMs",
            "authEnabled", "containerResourceRequirements", "maxBatchSize", "maxBatchDelayMs", "description", "tags", "properties",
        ],
        [ComputeType.Container] =
        [
            "computeType", "port", "autoScaler", "containerResourceRequirements", "authEnabled", "keys", "sslEnabled", "sslCertificate", "sslKey",
            "cname", "appInsightsEnabled", "dataCollection", "location", "dnsNameLabel", "description", "tags", "properties",
        ],
        [ComputeType.Kubernetes] =
        [
            "computeType", "computeTargetName", "namespace", "numReplicas", "autoScaler", "containerResourceRequirements",
            "livenessProbeRequirements", "scoringTimeoutMs", "maxConcurrentRequestsPerContainer", "maxQueueWaitMs", "authEnabled",
            "aadAuthEnabled", "tokenAuthEnabled", "keys", "appInsightsEnabled", "dataCollection", "maxBatchSize", "maxBatchDelayMs", "description", "tags", "properties",
        ],
    };

    public static readonly IReadOnlyDictionary<ComputeType, string[]> Resources = new Dictionary<ComputeType, string[]>
    {
        [ComputeType.Local] = ["cpu", "memoryInGB"],
        [ComputeType.Container] = ["cpu", "memoryInGB"],
        [ComputeType.Kubernetes] = ["cpu", "memoryInGB", "cpuLimit", "memoryInGBLimit", "gpu"],
    };

    public static readonly string[] AllowedComputeTypes = ["local", "container", "aci", "kubernetes", "aks"];

    public static string Name(ComputeType type) => type switch
    {
        ComputeType.Local => "local",
        ComputeType.Container => "container",
        _ => "kubernetes",
    };

    public static ComputeType? ParseComputeType(string value) => value.ToLowerInvariant() switch
    {
        "local" => ComputeType.Local,
        "container" or "aci" => ComputeType.Container,
        "kubernetes" or "aks" => ComputeType.Kubernetes,
        _ => null,
    };

    /// <summary>The message for a field that exists, but not for <paramref name="type"/>; null for a truly unknown name.</summary>
    public static string? NotFor(ComputeType type, IReadOnlyDictionary<ComputeType, string[]> table, string name, string path)
    {
        var others = table.Where(kv => kv.Key != type && kv.Value.Contains(name)).Select(kv => Name(kv.Key)).ToList();
        if (others.Count == 0)
        {
            return null;
        }

        return $"\"{path}\" is not valid for computeType \"{Name(type)}\"; it applies to {string.Join(" and ", others)}. "
            + $"Allowed fields here: {string.Join(", ", table[type])}.";
    }
}
