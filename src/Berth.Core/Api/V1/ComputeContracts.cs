namespace Berth.Api.V1;

/// <summary>
/// POST /api/v1/computes: attach a Kubernetes cluster (the platform's <c>AksCompute.attach_configuration</c>). The CLI
/// and SDK send the kubeconfig's text; <paramref name="KubeconfigFile"/> is its path on the client, for messages only.
/// <paramref name="Context"/> defaults to the kubeconfig's current-context, <paramref name="Namespace"/> to the
/// context's namespace, else <c>default</c>. <paramref name="Overwrite"/> replaces a compute target of that name.
/// </summary>
public sealed record AttachComputeRequest(
    string Name,
    string Kubeconfig,
    string? KubeconfigFile = null,
    string? Context = null,
    string? Namespace = null,
    string? Registry = null,
    bool Overwrite = false);

/// <summary>One attached compute target, as stored (no credentials: those stay in the workspace's kubeconfig copy).</summary>
public sealed record ComputeDto(string Name, string Type, string Context, string Namespace, string? Registry, DateTimeOffset AttachedAt);

/// <summary>
/// GET /api/v1/computes/{name}: the stored target and what its cluster says now. When the cluster cannot be reached,
/// <paramref name="Error"/> says why and <paramref name="ServerVersion"/> is null.
/// </summary>
public sealed record ComputeDetailsDto(ComputeDto Compute, string? ServerVersion, IReadOnlyList<ComputeNodeDto> Nodes, string? Error);

/// <summary>A node of the cluster: Ready, and what it can give pods (allocatable cores, bytes of memory, <c>nvidia.com/gpu</c>).</summary>
public sealed record ComputeNodeDto(string Name, bool Ready, double Cpu, long MemoryBytes, int Gpus);
