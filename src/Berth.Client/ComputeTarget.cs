using Berth.Api.V1;

namespace Berth.Client;

/// <summary>
/// A compute target attached to the workspace, like the hosted platform's <c>ComputeTarget</c>: list them, get one with
/// what its cluster says now (<see cref="Details"/>), detach it. <see cref="KubernetesCompute.AttachAsync"/> attaches one.
/// </summary>
public sealed class ComputeTarget
{
    private readonly Workspace _workspace;

    internal ComputeTarget(Workspace workspace, ComputeDto dto, ComputeDetailsDto? details = null)
    {
        _workspace = workspace;
        Dto = dto;
        Details = details;
    }

    public ComputeDto Dto { get; private set; }

    /// <summary>The cluster's version and nodes as last asked (<see cref="GetAsync"/>, <see cref="GetStatusAsync"/>); null when not asked yet.</summary>
    public ComputeDetailsDto? Details { get; private set; }

    public string Name => Dto.Name;

    /// <summary><c>kubernetes</c>.</summary>
    public string Type => Dto.Type;

    private string Path => $"api/v1/computes/{Uri.EscapeDataString(Name)}";

    public static async Task<IReadOnlyList<ComputeTarget>> ListAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var computes = await workspace.Http.GetAsync<List<ComputeDto>>("api/v1/computes", cancellationToken);
        return computes.Select(c => new ComputeTarget(workspace, c)).ToList();
    }

    /// <summary>The target named <paramref name="name"/>, with its cluster's version and nodes (or, when unreachable, why, in <see cref="ComputeDetailsDto.Error"/>).</summary>
    public static async Task<ComputeTarget> GetAsync(Workspace workspace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(name);
        var details = await workspace.Http.GetAsync<ComputeDetailsDto>($"api/v1/computes/{Uri.EscapeDataString(name)}", cancellationToken);
        return new ComputeTarget(workspace, details.Compute, details);
    }

    /// <summary>Asks the cluster again (the platform's <c>get_status()</c>).</summary>
    public async Task<ComputeDetailsDto> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        Details = await _workspace.Http.GetAsync<ComputeDetailsDto>(Path, cancellationToken);
        Dto = Details.Compute;
        return Details;
    }

    /// <summary>Detaches the target: the workspace forgets it and deletes its kubeconfig copy; the cluster is not touched.</summary>
    public Task DetachAsync(CancellationToken cancellationToken = default) => DetachAsync(_workspace, Name, cancellationToken);

    /// <summary>Detaches the target named <paramref name="name"/> without asking its cluster anything (it may be gone).</summary>
    public static Task DetachAsync(Workspace workspace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(name);
        return workspace.Http.DeleteAsync($"api/v1/computes/{Uri.EscapeDataString(name)}", cancellationToken);
    }
}
