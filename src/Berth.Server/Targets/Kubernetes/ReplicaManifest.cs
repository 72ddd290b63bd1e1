using System.Globalization;
using Berth.Server.Targets.Docker;
using k8s.Models;

namespace Berth.Server.Targets.Kubernetes;

/// <summary>
/// The Kubernetes objects of a replica, as pure functions of the container the container target would run (same image,
/// command, variables and mounts) and the placement (DESIGN.md "Kubernetes"):
/// <list type="bullet">
/// <item><see cref="ForSlot"/>: what runs on this machine's single-node cluster: one Deployment of one pod per replica
/// slot, on the host's network, listening on 127.0.0.1 at the port Berth assigned to the slot (pods of one Deployment
/// share one template, and host-network pods on one node need a port each), with the app folder, the models and the
/// slot folder as hostPath volumes (the node is this machine). The router on this machine reaches it on loopback.</item>
/// <item><see cref="ForGeneration"/>: what a multi-node cluster gets, where the router runs in the cluster: one Deployment
/// per service generation with the config's replicas on the pod network, and a Service in front; models and the app
/// folder come from a ReadOnlyMany volume claim (<c>berth-models</c>) and a ConfigMap instead of hostPaths.</item>
/// </list>
/// </summary>
internal static class ReplicaManifest
{
    public const string ContainerName = "replica";

    /// <summary>The port a replica listens on inside a pod on the pod network.</summary>
    public const int PodPort = 5001;

    private const double GiB = 1024d * 1024 * 1024;

    /// <summary>The Deployment of one slot on this machine's cluster: one host-network pod listening on 127.0.0.1:<paramref name="port"/>.</summary>
    public static V1Deployment ForSlot(ContainerSpec container, string name, string @namespace, int port, KubernetesRequests requests, KubernetesPlacement placement, string? tokenSecret, long user, long group)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(placement);
        var labels = Labels(container.Labels);
        var arguments = WithListener(container.Command ?? [], "127.0.0.1", port);
        var binds = container.ReadOnlyBinds.Select(b => (b.Key, b.Value, ReadOnly: true))
            .Concat(container.ReadWriteBinds.Select(b => (b.Key, b.Value, ReadOnly: false)))
            .ToList();
        var pod = new V1PodSpec
        {
            HostNetwork = true,
            DnsPolicy = "ClusterFirstWithHostNet",
            RestartPolicy = "Always",
            TerminationGracePeriodSeconds = 30,
            SecurityContext = new V1PodSecurityContext { RunAsUser = user, RunAsGroup = group },
            Containers =
            [
                Replica(container, tokenSecret, arguments, requests, placement, Probe("127.0.0.1", port, placement, liveness: true), Probe("127.0.0.1", port, placement, liveness: false),
                    [.. binds.Select((b, i) => new V1VolumeMount { Name = $"v{i}", MountPath = b.Value, ReadOnlyProperty = b.ReadOnly })], containerPort: null,
                    // The replica writes its output straight to the slot's log (a hostPath), as in a container: through
                    // the node's engine, the kubelet and the API's log stream, every logged request cost two thirds of the throughput.
                    command: container.Entrypoint),
            ],
            Volumes = [.. binds.Select((b, i) => new V1Volume { Name = $"v{i}", HostPath = new V1HostPathVolumeSource { Path = b.Key, Type = "Directory" } })],
        };
        return Deployment(name, @namespace, labels, 1, pod);
    }

    /// <summary>The Deployment and Service of a generation on a multi-node cluster (the router in the cluster reaches the Service).</summary>
    public static (V1Deployment Deployment, V1Service Service) ForGeneration(ContainerSpec container, string name, string @namespace, int replicas, KubernetesRequests requests, KubernetesPlacement placement, string? tokenSecret, string appConfigMap)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(placement);
        var labels = Labels(container.Labels.Where(l => l.Key is "berth.workspace" or "berth.service" or "berth.generation").ToDictionary(l => l.Key, l => l.Value));
        var models = container.ReadOnlyBinds.Values.First(v => v != ReplicaDockerfile.AppRoot);
        var pod = new V1PodSpec
        {
            RestartPolicy = "Always",
            TerminationGracePeriodSeconds = 30,
            Containers =
            [
                Replica(container, tokenSecret, WithListener(container.Command ?? [], "0.0.0.0", PodPort), requests, placement,
                    Probe(null, PodPort, placement, liveness: true), Probe(null, PodPort, placement, liveness: false),
                    [
                        new V1VolumeMount { Name = "app", MountPath = ReplicaDockerfile.AppRoot, ReadOnlyProperty = true },
                        new V1VolumeMount { Name = "models", MountPath = models, ReadOnlyProperty = true },
                        new V1VolumeMount { Name = "slot", MountPath = ReplicaDockerfile.SlotDirectory },
                    ],
                    containerPort: PodPort, command: null),
            ],
            Volumes =
            [
                new V1Volume { Name = "app", ConfigMap = new V1ConfigMapVolumeSource { Name = appConfigMap } },
                new V1Volume { Name = "models", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "berth-models", ReadOnlyProperty = true } },
                new V1Volume { Name = "slot", EmptyDir = new V1EmptyDirVolumeSource() },
            ],
        };
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Selector = labels,
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = PodPort, Protocol = "TCP" }],
            },
        };
        return (Deployment(name, @namespace, labels, replicas, pod), service);
    }

    /// <summary>The key of the replica secret in its Secret.</summary>
    public const string TokenKey = "token";

    /// <summary>The Secret that holds the replica secret for the pods of <paramref name="name"/>, labelled like them (deleted with them).</summary>
    public static V1Secret TokenSecret(string name, string @namespace, IReadOnlyDictionary<string, string> containerLabels, string token) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = Labels(containerLabels) },
        Type = "Opaque",
        StringData = new Dictionary<string, string> { [TokenKey] = token },
    };

    /// <summary>
    /// The container's labels as Kubernetes takes them: the workspace (a path there) as its 12-hex key, since a label
    /// value is at most 63 characters of <c>[A-Za-z0-9._-]</c>; and Berth as the manager.
    /// </summary>
    internal static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string> container)
    {
        var labels = new Dictionary<string, string>(container);
        if (labels.TryGetValue("berth.workspace", out var workspace))
        {
            labels["berth.workspace"] = ReplicaContainer.SlotKey(workspace);
        }

        labels["app.kubernetes.io/managed-by"] = "berth";
        return labels;
    }

    private static V1Deployment Deployment(string name, string @namespace, Dictionary<string, string> labels, int replicas, V1PodSpec pod) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = labels },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = labels },
            // A rolling update keeps every old pod serving until a new one is ready.
            Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 } },
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = pod },
        },
    };

    private static V1Container Replica(ContainerSpec container, string? tokenSecret, IList<string> arguments, KubernetesRequests requests, KubernetesPlacement placement, V1Probe liveness, V1Probe readiness, IList<V1VolumeMount> mounts, int? containerPort, IReadOnlyList<string>? command) => new()
    {
        Name = ContainerName,
        Image = container.Image,
        ImagePullPolicy = "IfNotPresent",
        Command = command is null ? null : [.. command],
        Args = arguments,
        WorkingDir = container.WorkingDirectory,
        // The replica secret comes from a Secret, so reading the Deployment does not reveal it.
        Env = [.. container.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key == Berth.Security.ReplicaSecret.EnvironmentVariable && tokenSecret is not null
            ? new V1EnvVar { Name = e.Key, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = tokenSecret, Key = TokenKey } } }
            : new V1EnvVar { Name = e.Key, Value = e.Value })],
        Resources = Resources(requests, placement),
        LivenessProbe = liveness,
        ReadinessProbe = readiness,
        VolumeMounts = mounts,
        Ports = containerPort is int p ? [new V1ContainerPort { ContainerPort = p, Name = "http", Protocol = "TCP" }] : null,
    };

    /// <summary>Requests: the config's cpu and memory; limits: its <c>cpu_cores_limit</c>/<c>memory_gb_limit</c> or the requests; GPUs as <c>nvidia.com/gpu</c>.</summary>
    internal static V1ResourceRequirements Resources(KubernetesRequests requests, KubernetesPlacement placement)
    {
        var ask = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = Cpu(requests.Cpu),
            ["memory"] = Memory(requests.MemoryInGB),
        };
        var limit = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = Cpu(placement.CpuLimit ?? requests.Cpu),
            ["memory"] = Memory(placement.MemoryInGBLimit ?? requests.MemoryInGB),
        };
        if (placement.Gpu > 0)
        {
            ask["nvidia.com/gpu"] = new ResourceQuantity(placement.Gpu.ToString(CultureInfo.InvariantCulture));
            limit["nvidia.com/gpu"] = new ResourceQuantity(placement.Gpu.ToString(CultureInfo.InvariantCulture));
        }

        return new V1ResourceRequirements { Requests = ask, Limits = limit };
    }

    private static ResourceQuantity Cpu(double cores) => new($"{Math.Max(1, (long)Math.Round(cores * 1000)).ToString(CultureInfo.InvariantCulture)}m");

    private static ResourceQuantity Memory(double gb) => new($"{Math.Max(1, (long)Math.Round(gb * GiB / (1024 * 1024))).ToString(CultureInfo.InvariantCulture)}Mi");

    /// <summary>
    /// The platform's liveness probe (its fields and defaults) or a readiness probe every second, on the replica's
    /// probe path (<see cref="Berth.Security.ReplicaSecret.ProbePath"/>, the one it answers without the replica secret).
    /// </summary>
    private static V1Probe Probe(string? host, int port, KubernetesPlacement placement, bool liveness)
    {
        var get = new V1HTTPGetAction { Host = host, Path = Berth.Security.ReplicaSecret.ProbePath, Port = port };
        var p = placement.LivenessProbe;
        return liveness
            ? new V1Probe { HttpGet = get, InitialDelaySeconds = p.InitialDelaySeconds, PeriodSeconds = p.PeriodSeconds, TimeoutSeconds = p.TimeoutSeconds, SuccessThreshold = p.SuccessThreshold, FailureThreshold = p.FailureThreshold }
            : new V1Probe { HttpGet = get, PeriodSeconds = 1, TimeoutSeconds = p.TimeoutSeconds, FailureThreshold = 1 };
    }

    /// <summary>The container target's command with the listener replaced (<c>--host</c>, <c>--port</c>).</summary>
    private static List<string> WithListener(IReadOnlyList<string> command, string host, int port)
    {
        var result = command.ToList();
        Set(result, "--host", host);
        Set(result, "--port", port.ToString(CultureInfo.InvariantCulture));
        return result;
    }

    private static void Set(List<string> arguments, string name, string value)
    {
        var i = arguments.IndexOf(name);
        if (i >= 0 && i + 1 < arguments.Count)
        {
            arguments[i + 1] = value;
        }
        else
        {
            arguments.AddRange([name, value]);
        }
    }
}

/// <summary>The requests of one replica: the config's <c>cpu_cores</c> and <c>memory_gb</c> (defaults 0.1 and 0.5).</summary>
internal sealed record KubernetesRequests(double Cpu, double MemoryInGB);
