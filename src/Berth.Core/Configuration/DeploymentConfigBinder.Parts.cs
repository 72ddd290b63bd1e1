using Berth.Json;

namespace Berth.Configuration;

/// <summary>The nested objects of a deployment config: resources, autoscaler, liveness probe.</summary>
internal static partial class DeploymentConfigBinder
{
    private static readonly (string Json, string Python)[] AutoscaleParameters =
    [
        ("minReplicas", "autoscale_min_replicas"),
        ("maxReplicas", "autoscale_max_replicas"),
        ("refreshPeriodInSeconds", "autoscale_refresh_seconds"),
        ("targetUtilization", "autoscale_target_utilization"),
    ];

    private static ResourceRequirements ReadResources(FieldReader root, ComputeType type)
    {
        var reader = root.Object("containerResourceRequirements");
        var isLocal = type == ComputeType.Local;
        if (reader is null)
        {
            return isLocal ? new ResourceRequirements(null, null, null, null, 0) : new ResourceRequirements(0.1, 0.5, null, null, 0);
        }

        foreach (var name in DeploymentFieldTable.Resources[type])
        {
            reader.Take(name);
        }

        var verb = type == ComputeType.Container ? "must be positive." : "must be greater than zero.";
        var cpu = CheckPositive(reader, "cpu", "cpu_cores", reader.Number("cpu"), verb);
        var memory = CheckPositive(reader, "memoryInGB", "memory_gb", reader.Number("memoryInGB"), verb);
        double? cpuLimit = null, memoryLimit = null;
        var gpu = 0;
        if (type == ComputeType.Kubernetes)
        {
            cpuLimit = CheckLimit(reader, "cpuLimit", "cpu_cores_limit", "cpu", "cpu_cores", cpu ?? 0.1);
            memoryLimit = CheckLimit(reader, "memoryInGBLimit", "memory_gb_limit", "memoryInGB", "memory_gb", memory ?? 0.5);
            gpu = reader.Int("gpu") ?? 0;
            if (gpu < 0)
            {
                reader.Report("gpu", $"gpu_cores must be greater than or equal to zero. Got {reader.Written("gpu")}.");
                gpu = 0;
            }
        }

        reader.ReportUnknown("containerResourceRequirements", name => DeploymentFieldTable.NotFor(type, DeploymentFieldTable.Resources, name, "containerResourceRequirements." + name));
        return new ResourceRequirements(cpu ?? (isLocal ? null : 0.1), memory ?? (isLocal ? null : 0.5), cpuLimit, memoryLimit, gpu);
    }

    private static double? CheckPositive(FieldReader reader, string name, string pythonName, double? value, string verb)
    {
        if (value is <= 0)
        {
            reader.Report(name, $"{pythonName} {verb} Got {reader.Written(name)}.");
            return null;
        }

        return value;
    }

    private static double? CheckLimit(FieldReader reader, string name, string pythonName, string requestName, string requestPython, double request)
    {
        var limit = reader.Number(name);
        if (limit is double l && l < request)
        {
            var requestText = reader.Find(requestName) is null ? $"{request} (the default)" : reader.Written(requestName);
            reader.Report(name, $"{pythonName} must be greater than or equal to {requestPython}. {name} is {reader.Written(name)}, {requestName} is {requestText}.");
            return null;
        }

        return limit;
    }

    /// <summary>
    /// <c>autoScaler</c>. On Kubernetes autoscaling is on when <c>numReplicas</c> is absent, as the platform's validation
    /// says (<paramref name="onByDefault"/>); on this machine and in containers, which the platform does not scale, only
    /// when <c>autoscaleEnabled</c> is true.
    /// </summary>
    private static AutoscaleSettings ReadAutoscale(FieldReader root, int? numReplicas, bool onByDefault)
    {
        var reader = root.Object("autoScaler");
        var explicitEnabled = reader?.Bool("autoscaleEnabled");
        var enabled = explicitEnabled ?? (onByDefault && numReplicas is null);
        if (reader is null)
        {
            return AutoscaleSettings.Disabled with { Enabled = enabled };
        }

        var values = AutoscaleParameters.Select(p => reader.Int(p.Json)).ToArray();
        reader.ReportUnknown("autoScaler");
        if (explicitEnabled == true)
        {
            return CheckEnabledAutoscale(root, reader, numReplicas, values);
        }

        if (explicitEnabled == false && numReplicas is null && onByDefault)
        {
            reader.Report("autoscaleEnabled", "autoscale disabled but num_replicas not provided. Set numReplicas, or set autoScaler.autoscaleEnabled to true.");
        }

        for (var i = 0; i < AutoscaleParameters.Length; i++)
        {
            if (values[i] is not null)
            {
                reader.Report(AutoscaleParameters[i].Json, $"{AutoscaleParameters[i].Python} provided without enabling autoscaling. Set autoScaler.autoscaleEnabled to true to use it.");
            }
        }

        return AutoscaleSettings.Disabled with { Enabled = enabled };
    }

    private static AutoscaleSettings CheckEnabledAutoscale(FieldReader root, FieldReader reader, int? numReplicas, int?[] values)
    {
        if (numReplicas is not null)
        {
            root.Report("numReplicas", "autoscale enabled and num_replicas provided. Remove numReplicas, or set autoScaler.autoscaleEnabled to false.");
        }

        for (var i = 0; i < AutoscaleParameters.Length; i++)
        {
            values[i] = Positive(reader, AutoscaleParameters[i].Json, AutoscaleParameters[i].Python, values[i]);
        }

        var defaults = AutoscaleSettings.Disabled;
        var min = values[0] ?? defaults.MinReplicas;
        var max = values[1] ?? defaults.MaxReplicas;
        if (min > max)
        {
            var maxText = values[1] is null ? $"{max} (the default)" : max.ToString();
            reader.Report("minReplicas", $"autoscale_min_replicas cannot be greater than autoscale_max_replicas. minReplicas is {min}, maxReplicas is {maxText}.");
        }

        var target = values[3] ?? defaults.TargetUtilization;
        if (target > 100)
        {
            reader.Report("targetUtilization", $"autoscale_target_utilization is a percentage and must be at most 100. Got {target}.");
        }

        return new AutoscaleSettings(true, min, max, values[2] ?? defaults.RefreshPeriodInSeconds, target);
    }

    private static LivenessProbeSettings ReadLivenessProbe(FieldReader root)
    {
        var reader = root.Object("livenessProbeRequirements");
        if (reader is null)
        {
            return LivenessProbeSettings.Default;
        }

        var d = LivenessProbeSettings.Default;
        var probe = new LivenessProbeSettings(
            Positive(reader, "periodSeconds", "period_seconds", reader.Int("periodSeconds")) ?? d.PeriodSeconds,
            Positive(reader, "initialDelaySeconds", "initial_delay_seconds", reader.Int("initialDelaySeconds")) ?? d.InitialDelaySeconds,
            Positive(reader, "timeoutSeconds", "timeout_seconds", reader.Int("timeoutSeconds")) ?? d.TimeoutSeconds,
            Positive(reader, "successThreshold", "success_threshold", reader.Int("successThreshold")) ?? d.SuccessThreshold,
            Positive(reader, "failureThreshold", "failure_threshold", reader.Int("failureThreshold")) ?? d.FailureThreshold);
        reader.ReportUnknown("livenessProbeRequirements");
        return probe;
    }
}
