namespace Berth.Diagnosis;

/// <summary>
/// The cluster refused to create a replica's pod (the Deployment's <c>ReplicaFailure</c> condition, reason
/// <c>FailedCreate</c>): a ResourceQuota or LimitRange of the namespace, or an admission policy.
/// </summary>
/// <param name="ReplicaId">The replica whose pod was refused.</param>
/// <param name="Namespace">The namespace that refused it.</param>
/// <param name="Message">The cluster's message, verbatim (<c>pods "x" is forbidden: exceeded quota: ...</c>).</param>
public sealed record PodsRefused(string ReplicaId, string Namespace, string Message)
{
    /// <summary>True when a ResourceQuota refused it (the message says <c>exceeded quota</c>).</summary>
    public bool ByQuota => Message.Contains("exceeded quota", StringComparison.Ordinal);
}
