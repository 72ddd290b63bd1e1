using k8s;

namespace Berth.Server.Compute;

/// <summary>
/// One context of a parsed kubeconfig: its name, its namespace (null when it names none), the API server's address and
/// the client configuration (cluster, CA, credentials) that <see cref="KubernetesConnection"/> builds a client from.
/// </summary>
internal sealed record KubeconfigContext(string Context, string? Namespace, string Server, KubernetesClientConfiguration Configuration);
