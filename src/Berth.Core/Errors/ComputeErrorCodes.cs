namespace Berth.Errors;

/// <summary>The error codes of compute targets (attached Kubernetes clusters), listed in <see cref="ErrorCatalog"/>.</summary>
public static class ComputeErrorCodes
{
    /// <summary>The compute name breaks the naming rule.</summary>
    public const string NameInvalid = "compute.name_invalid";

    /// <summary>No compute target of that name is attached.</summary>
    public const string NotFound = "compute.not_found";

    /// <summary>A compute target of that name is attached already (and no overwrite was asked for).</summary>
    public const string Exists = "compute.exists";

    /// <summary>The kubeconfig does not parse, or names a cluster or user it does not define.</summary>
    public const string KubeconfigInvalid = "compute.kubeconfig_invalid";

    /// <summary>The context asked for is not in the kubeconfig, or there is no current-context and none was given.</summary>
    public const string ContextNotFound = "compute.context_not_found";

    /// <summary>The registry is not HOST:PORT, or the namespace is not a Kubernetes name.</summary>
    public const string SettingInvalid = "compute.setting_invalid";

    /// <summary>Nothing answers at the cluster's address (connection refused, no such host, TLS refused).</summary>
    public const string Unreachable = "compute.unreachable";

    /// <summary>The cluster did not answer within the request timeout.</summary>
    public const string Timeout = "compute.timeout";

    /// <summary>The cluster refused the kubeconfig's credentials (its 401).</summary>
    public const string CredentialsRefused = "compute.credentials_refused";

    /// <summary>RBAC forbids the kubeconfig's user something Berth needs (its 403, or a denied access review).</summary>
    public const string Forbidden = "compute.forbidden";

    /// <summary>The namespace does not exist in the cluster.</summary>
    public const string NamespaceNotFound = "compute.namespace_not_found";

    /// <summary>The cluster answered with an error Berth has no better name for.</summary>
    public const string ClusterError = "compute.cluster_error";
}
