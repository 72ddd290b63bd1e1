using Berth.Errors;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.Server.Compute;

/// <summary>
/// What attach asks a cluster before anything is stored: that it answers (and accepts the credentials), that the
/// namespace exists, and, with one SelfSubjectAccessReview per verb and resource, that the user may do in the
/// namespace everything a deployment needs. Every denied verb is reported at once.
/// </summary>
internal static class ClusterAccessCheck
{
    private static readonly string[] Verbs = ["create", "get", "list", "watch", "delete"];

    /// <summary>(API group, resource, subresource, verb) for every permission a deployment needs.</summary>
    public static readonly IReadOnlyList<(string Group, string Resource, string? Subresource, string Verb)> Required =
    [
        .. new[] { ("apps", "deployments"), ("", "pods"), ("", "services"), ("", "configmaps") }
            .SelectMany(r => Verbs.Select(v => (r.Item1, r.Item2, (string?)null, v))),
        ("", "pods", "log", "get"),
        ("", "pods", null, "deletecollection"),
        ("apps", "replicasets", null, "list"),
        ("apps", "replicasets", null, "deletecollection"),
        .. ((string[])["create", "get", "update", "deletecollection"]).Select(v => ("", "secrets", (string?)null, v)),
    ];

    /// <summary>Checks <paramref name="cluster"/> for namespace <paramref name="namespace"/>; returns the cluster's version.</summary>
    public static async Task<string> CheckAsync(KubeconfigContext cluster, string @namespace, TimeSpan timeout, CancellationToken ct)
    {
        var target = new ClusterTarget(cluster.Server, cluster.Context, @namespace, timeout);
        using var client = KubernetesConnection.Client(cluster, timeout);
        var version = await CallAsync(() => client.Version.GetCodeAsync(ct), target, "asking for its version", ct);
        await CheckNamespaceAsync(client, target, ct);
        var reviews = await CallAsync(() => Task.WhenAll(Required.Select(r => ReviewAsync(client, r, @namespace, ct))), target, "reviewing the user's access", ct);
        var denied = reviews.Where(r => !r.Allowed).Select(r => (r.Verb, r.Resource)).ToList();
        if (denied.Count > 0)
        {
            throw ClusterFailures.Denied(denied, target);
        }

        return version.GitVersion;
    }

    private static async Task CheckNamespaceAsync(Kubernetes client, ClusterTarget target, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.ReadNamespaceAsync(target.Namespace, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new BerthException(
                ComputeErrorCodes.NamespaceNotFound, $"namespace \"{target.Namespace}\" does not exist on {target.Describe()}",
                $"create it (`kubectl create namespace {target.Namespace}`) or pass --namespace an existing one");
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            // A user confined to its namespace may not read namespaces; the access reviews below still say what it may do.
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw ClusterFailures.Explain(e, target, $"reading namespace {target.Namespace}");
        }
    }

    private static async Task<(bool Allowed, string Verb, string Resource)> ReviewAsync(
        Kubernetes client, (string Group, string Resource, string? Subresource, string Verb) access, string @namespace, CancellationToken ct)
    {
        var review = new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec
            {
                ResourceAttributes = new V1ResourceAttributes
                {
                    Group = access.Group, Resource = access.Resource, Subresource = access.Subresource, Verb = access.Verb, NamespaceProperty = @namespace,
                },
            },
        };
        var answer = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: ct);
        var name = access.Subresource is null ? access.Resource : $"{access.Resource}/{access.Subresource}";
        return (answer.Status?.Allowed == true, access.Verb, access.Group.Length == 0 ? name : $"{name} ({access.Group})");
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, ClusterTarget target, string doing, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw ClusterFailures.Explain(e, target, doing);
        }
    }
}
