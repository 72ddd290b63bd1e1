using System.Text.RegularExpressions;
using Berth.Json;

namespace Berth.Configuration;

/// <summary>
/// Binds and validates a deployment config's JSON tree for its compute type, with the hosted
/// platform's defaults and its own validation sentences. Every problem goes to the collector.
/// </summary>
internal static partial class DeploymentConfigBinder
{
    private const string NamespacePattern = "^[a-z0-9]([a-z0-9-]{,61}[a-z0-9])?$";

    public static DeploymentConfigSpec? Bind(FieldReader root, string baseDirectory)
    {
        var type = ReadComputeType(root);
        if (type is not ComputeType t)
        {
            foreach (var name in DeploymentFieldTable.Top.Values.SelectMany(v => v).Distinct())
            {
                root.Take(name);
            }

            root.ReportUnknown("a deployment config");
            return null;
        }

        foreach (var name in DeploymentFieldTable.Top[t])
        {
            root.Take(name);
        }

        var spec = t switch
        {
            ComputeType.Local => BindLocal(root),
            ComputeType.Container => BindContainer(root, baseDirectory),
            _ => BindKubernetes(root),
        };
        root.ReportUnknown($"a {DeploymentFieldTable.Name(t)} deployment config", name => DeploymentFieldTable.NotFor(t, DeploymentFieldTable.Top, name, name));
        return spec with
        {
            ComputeType = t,
            Description = root.String("description"),
            Tags = root.StringMap("tags") ?? new Dictionary<string, string>(),
            Properties = root.StringMap("properties") ?? new Dictionary<string, string>(),
        };
    }

    private static ComputeType? ReadComputeType(FieldReader root)
    {
        var allowed = "allowed values: local, container (or aci), kubernetes (or aks)";
        if (!root.Has("computeType"))
        {
            root.Report("computeType", $"computeType is required; {allowed}.");
            return null;
        }

        var value = root.String("computeType");
        if (value is null)
        {
            return null;
        }

        var type = DeploymentFieldTable.ParseComputeType(value);
        if (type is null)
        {
            var suggestion = NameSuggester.Closest(value, DeploymentFieldTable.AllowedComputeTypes);
            var hint = suggestion is null ? "" : $"did you mean \"{suggestion}\"? ";
            root.Report("computeType", $"computeType \"{value}\" is not supported; {hint}{allowed}.");
        }

        return type;
    }

    private static DeploymentConfigSpec BindLocal(FieldReader root)
    {
        var resources = ReadResources(root, ComputeType.Local);
        var serving = ReadServing(root);
        var numReplicas = Positive(root, "numReplicas", "num_replicas", root.Int("numReplicas"));
        var autoscale = ReadAutoscale(root, numReplicas, onByDefault: false);
        return serving with
        {
            ComputeType = ComputeType.Local,
            Port = ReadPort(root),
            Resources = resources,
            Autoscale = autoscale,
            NumReplicas = autoscale.Enabled ? null : numReplicas ?? 1,
            AuthEnabled = root.Bool("authEnabled") ?? false,
        };
    }

    private static DeploymentConfigSpec BindContainer(FieldReader root, string baseDirectory)
    {
        var keys = root.Object("keys");
        var spec = new DeploymentConfigSpec
        {
            ComputeType = ComputeType.Container,
            Autoscale = ReadAutoscale(root, numReplicas: null, onByDefault: false),
            Port = ReadPort(root),
            Resources = ReadResources(root, ComputeType.Container),
            AuthEnabled = root.Bool("authEnabled") ?? false,
            PrimaryKey = keys?.String("primaryKey"),
            SecondaryKey = keys?.String("secondaryKey"),
            Ssl = ReadSsl(root, baseDirectory),
            AppInsightsEnabled = root.Bool("appInsightsEnabled") ?? false,
            CollectModelData = ReadDataCollection(root),
            Location = root.String("location"),
            DnsNameLabel = root.String("dnsNameLabel"),
        };
        keys?.ReportUnknown("keys");
        return spec;
    }

    private static DeploymentConfigSpec BindKubernetes(FieldReader root)
    {
        var numReplicas = Positive(root, "numReplicas", "num_replicas", root.Int("numReplicas"));
        var autoscale = ReadAutoscale(root, numReplicas, onByDefault: true);
        var keys = root.Object("keys");
        var serving = ReadServing(root);
        var spec = serving with
        {
            ComputeType = ComputeType.Kubernetes,
            ComputeTargetName = root.String("computeTargetName"),
            Namespace = ReadNamespace(root),
            Resources = ReadResources(root, ComputeType.Kubernetes),
            Autoscale = autoscale,
            NumReplicas = autoscale.Enabled ? null : numReplicas,
            LivenessProbe = ReadLivenessProbe(root),
            PrimaryKey = keys?.String("primaryKey"),
            SecondaryKey = keys?.String("secondaryKey"),
            AppInsightsEnabled = root.Bool("appInsightsEnabled") ?? false,
            CollectModelData = ReadDataCollection(root),
        };
        keys?.ReportUnknown("keys");
        return ReadAuth(root, spec);
    }

    /// <summary>
    /// The router's and replica's serving settings. With <c>maxBatchSize</c> and no <c>maxConcurrentRequestsPerContainer</c>,
    /// the router may send a replica as many requests at once as a batch holds (else it sends one and nothing is stacked).
    /// </summary>
    private static DeploymentConfigSpec ReadServing(FieldReader root)
    {
        var batch = InRange(root, "maxBatchSize", 1, 65_536, "rows stacked into one ONNX Runtime run; 1 turns batching off") ?? 1;
        return new()
        {
            ComputeType = ComputeType.Local,
            ScoringTimeoutMs = Positive(root, "scoringTimeoutMs", "scoring_timeout_ms", root.Int("scoringTimeoutMs")) ?? 60000,
            MaxConcurrentRequestsPerContainer = Positive(root, "maxConcurrentRequestsPerContainer", "replica_max_concurrent_requests", root.Int("maxConcurrentRequestsPerContainer")) ?? batch,
            MaxQueueWaitMs = Positive(root, "maxQueueWaitMs", "max_request_wait_time", root.Int("maxQueueWaitMs")) ?? 500,
            MaxBatchSize = batch,
            MaxBatchDelayMs = InRange(root, "maxBatchDelayMs", 0, 60_000, "how long the first request of a batch waits for others") ?? DeploymentConfigSpec.DefaultMaxBatchDelayMs,
        };
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>] (the replica's own range), or the field is reported with what it means.</summary>
    private static int? InRange(FieldReader root, string name, int min, int max, string meaning)
    {
        var value = root.Int(name);
        if (value is int v && (v < min || v > max))
        {
            root.Report(name, $"{name} must be a whole number from {min} to {max} ({meaning}). Got {root.Written(name)}; set it in that range or remove it.");
            return null;
        }

        return value;
    }

    private static int? ReadPort(FieldReader root)
    {
        var port = root.Int("port");
        if (port is < 1 or > 65535)
        {
            root.Report("port", $"port must be in [1, 65535]. Got {root.Written("port")}.");
            return null;
        }

        return port;
    }

    private static string? ReadNamespace(FieldReader root)
    {
        var value = root.String("namespace");
        if (value is not null && !NamespaceRegex().IsMatch(value))
        {
            root.Report("namespace", $"namespace must be a valid Kubernetes namespace. Regex for validation is {NamespacePattern}. Got \"{value}\".");
        }

        return value;
    }

    private static DeploymentConfigSpec ReadAuth(FieldReader root, DeploymentConfigSpec spec)
    {
        var auth = root.Bool("authEnabled");
        var aad = root.Bool("aadAuthEnabled");
        var token = root.Bool("tokenAuthEnabled");
        if (aad is not null && token is not null)
        {
            root.Report("tokenAuthEnabled", "aadAuthEnabled and tokenAuthEnabled mean the same thing; give only one of them.");
        }

        var tokenEnabled = aad ?? token ?? false;
        if (auth == true && tokenEnabled)
        {
            root.Report("authEnabled", "auth_enabled and token_auth_enabled cannot both be true. Set authEnabled to false to use token auth.");
        }

        return spec with { AuthEnabled = auth ?? !tokenEnabled, TokenAuthEnabled = tokenEnabled };
    }

    private static bool ReadDataCollection(FieldReader root)
    {
        var data = root.Object("dataCollection");
        var enabled = data?.Bool("storageEnabled") ?? false;
        data?.ReportUnknown("dataCollection");
        return enabled;
    }

    private static SslSettings ReadSsl(FieldReader root, string baseDirectory)
    {
        var enabled = root.Bool("sslEnabled") ?? false;
        var certificate = ReadSslFile(root, "sslCertificate", "ssl_cert_pem_file", enabled, baseDirectory);
        var key = ReadSslFile(root, "sslKey", "ssl_key_pem_file", enabled, baseDirectory);
        var cname = root.String("cname");
        if (enabled && cname is null)
        {
            root.Report("cname", "sslEnabled is true but cname is missing; ssl_cert_pem_file, ssl_key_pem_file and ssl_cname are all required when SSL is enabled.");
        }

        return new SslSettings(enabled, certificate, key, cname);
    }

    private static string? ReadSslFile(FieldReader root, string name, string pythonName, bool enabled, string baseDirectory)
    {
        var value = root.String(name);
        if (value is null)
        {
            if (enabled)
            {
                root.Report(name, $"sslEnabled is true but {name} ({pythonName}) is missing; ssl_cert_pem_file, ssl_key_pem_file and ssl_cname are all required when SSL is enabled.");
            }

            return null;
        }

        var path = Path.GetFullPath(value, baseDirectory);
        if (!File.Exists(path))
        {
            root.Report(name, $"{pythonName} file not found: {path}");
        }

        return path;
    }

    internal static T? Positive<T>(FieldReader reader, string name, string pythonName, T? value)
        where T : struct, IComparable<T>
    {
        if (value is T v && v.CompareTo(default) <= 0)
        {
            reader.Report(name, $"{pythonName} must be greater than zero. Got {reader.Written(name)}.");
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceRegex();
}
