using System.Globalization;

namespace Berth.Server.Compute;

/// <summary>What messages about one cluster name: its API server's address, the kubeconfig context, the namespace, and the request timeout.</summary>
internal sealed record ClusterTarget(string Server, string Context, string Namespace, TimeSpan Timeout)
{
    /// <summary>"the cluster at https://127.0.0.1:16443 (context admin)".</summary>
    public string Describe() => $"the cluster at {Server} (context {Context})";

    public string TimeoutText => $"{Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
