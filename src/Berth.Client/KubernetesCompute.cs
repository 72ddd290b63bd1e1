using Berth.Api.V1;
using Berth.Errors;
using Berth.Files;

namespace Berth.Client;

/// <summary>
/// Attaches a Kubernetes cluster as a compute target, like the hosted platform's <c>AksCompute.attach_configuration</c>
/// and <c>ComputeTarget.attach</c>. The kubeconfig's text is sent; the server keeps a copy readable by its owner only,
/// after checking that the cluster answers, accepts the credentials, has the namespace and lets the user deploy there.
/// </summary>
public static class KubernetesCompute
{
    /// <param name="workspace">the workspace to attach to</param>
    /// <param name="name">the compute target's name</param>
    /// <param name="kubeconfigPath">a kubeconfig file on this machine</param>
    /// <param name="context">its context to use; null for its current-context</param>
    /// <param name="namespace">where Berth's objects go; null for the context's namespace, else <c>default</c></param>
    /// <param name="registry">HOST:PORT of the image registry the cluster pulls from</param>
    /// <param name="overwrite">replace a compute target of that name</param>
    /// <param name="cancellationToken">cancels the call</param>
    public static async Task<ComputeTarget> AttachAsync(
        Workspace workspace, string name, string kubeconfigPath, string? context = null, string? @namespace = null, string? registry = null,
        bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(kubeconfigPath);
        var request = new AttachComputeRequest(name, ReadKubeconfig(kubeconfigPath), Path.GetFullPath(kubeconfigPath), context, @namespace, registry, overwrite);
        return new ComputeTarget(workspace, await workspace.Http.PostAsync<ComputeDto>("api/v1/computes", request, cancellationToken));
    }

    private static string ReadKubeconfig(string path)
    {
        try
        {
            return SafeFile.ReadAllText(path, "kubeconfig", FileLimit.Config);
        }
        catch (BerthException e) when (e.Code == ErrorCodes.FileNotFound)
        {
            throw new BerthException(
                ErrorCodes.FileNotFound, $"the kubeconfig file {Path.GetFullPath(path)} does not exist",
                "pass --kubeconfig the path of a kubeconfig (for the test cluster: the last line `scripts/cluster.sh up` prints)");
        }
    }
}
