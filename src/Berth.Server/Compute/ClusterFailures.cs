using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Errors;
using k8s.Autorest;
using k8s.Exceptions;

namespace Berth.Server.Compute;

/// <summary>
/// Turns what the Kubernetes client throws into one named error, in one function: nothing listening, no answer within
/// the timeout, TLS refused, credentials refused (401), RBAC forbidding (403, with the verb, resource and namespace
/// the API server named), and any other answer. Pure: the caller filters out its own cancellation first.
/// </summary>
internal static partial class ClusterFailures
{
    private const string AdminHint = "ask the cluster's admin for a RoleBinding in the namespace to a Role that grants it (the built-in ClusterRole `edit` does), or use a --context whose user has it";

    public static BerthException Explain(Exception exception, ClusterTarget target, string doing)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(target);
        return exception switch
        {
            BerthException known => known,
            HttpOperationException { Response: { } response } => FromStatus(response.StatusCode, response.Content, target, doing),
            OperationCanceledException or TimeoutException => new BerthException(
                ComputeErrorCodes.Timeout, $"{target.Describe()} did not answer within {target.TimeoutText} ({doing})",
                "check that the API server is up and that the kubeconfig's server address is right; a firewall that drops packets looks like this", isTransient: true, inner: exception),
            HttpRequestException request => FromConnection(request, target, doing),
            KubeConfigException config => new BerthException(
                ComputeErrorCodes.KubeconfigInvalid, $"the kubeconfig of context {target.Context} cannot be used: {config.Message}", "fix the kubeconfig and attach it again with --overwrite", inner: exception),
            _ => new BerthException(ComputeErrorCodes.ClusterError, $"{doing} on {target.Describe()} failed: {exception.Message}", "run again with --verbose and see the server log", inner: exception),
        };
    }

    /// <summary>The error for access reviews the API server denied: every missing verb, by resource.</summary>
    public static BerthException Denied(IReadOnlyList<(string Verb, string Resource)> denied, ClusterTarget target)
    {
        ArgumentNullException.ThrowIfNull(denied);
        var byResource = denied.GroupBy(d => d.Resource).Select(g => $"{string.Join(", ", g.Select(d => d.Verb))} on {g.Key}");
        return new BerthException(
            ComputeErrorCodes.Forbidden,
            $"RBAC forbids {string.Join("; ", byResource)} in namespace {target.Namespace} for the user of context {target.Context} on {target.Describe()}",
            $"Berth needs create, get, list, watch and delete on deployments (apps), pods, services and configmaps, get on pods/log, deletecollection on pods, list and deletecollection on replicasets (apps), and create, get, update and deletecollection on secrets; {AdminHint}");
    }

    private static BerthException FromStatus(HttpStatusCode status, string? body, ClusterTarget target, string doing)
    {
        var message = StatusMessage(body) ?? $"{(int)status} {status}";
        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                return new BerthException(
                    ComputeErrorCodes.CredentialsRefused, $"the credentials in the kubeconfig were refused by {target.Describe()} ({doing}): {message}",
                    $"the token or client certificate of context {target.Context} is wrong or has expired; get a current kubeconfig from the cluster's admin");
            case HttpStatusCode.Forbidden:
                var what = ForbiddenPattern().Match(message) is { Success: true } m
                    ? $"{m.Groups["verb"].Value} on {Resource(m.Groups["resource"].Value, m.Groups["group"].Value)} {(m.Groups["ns"].Success ? $"in namespace {m.Groups["ns"].Value}" : "(cluster-wide)")}"
                    : doing;
                return new BerthException(ComputeErrorCodes.Forbidden, $"RBAC forbids {what} for this user: {message}", AdminHint);
            default:
                return new BerthException(
                    ComputeErrorCodes.ClusterError, $"{target.Describe()} answered {(int)status} {status} ({doing}): {message}",
                    "see the API server's log; run again once the cluster is healthy", isTransient: (int)status >= 500);
        }
    }

    private static BerthException FromConnection(HttpRequestException exception, ClusterTarget target, string doing)
    {
        var (problem, hint) = exception.InnerException switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                ("refused the connection: nothing listens there", "is the cluster up? check the server address of the context in the kubeconfig (for the test cluster: scripts/cluster.sh status)"),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
                ("cannot be found: its host name does not resolve", "check the server address of the context in the kubeconfig"),
            AuthenticationException tls =>
                ($"failed the TLS handshake: {tls.Message.TrimEnd('.')}", "the kubeconfig's certificate-authority-data must be the CA that signed the API server's certificate"),
            _ => ($"cannot be reached: {exception.Message.TrimEnd('.')}", "check that the cluster is up and that this machine reaches its address"),
        };
        return new BerthException(ComputeErrorCodes.Unreachable, $"{target.Describe()} {problem} ({doing})", hint, isTransient: true, inner: exception);
    }

    /// <summary>The <c>message</c> of the API server's Status body, else the body itself (shortened), else null.</summary>
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not a Status object: show the text.
        }

        var trimmed = body.Trim();
        return trimmed.Length <= 300 ? trimmed : trimmed[..300] + "...";
    }

    private static string Resource(string resource, string group) => group.Length == 0 ? resource : $"{resource} ({group})";

    // The RBAC authorizer's sentence: ... cannot list resource "pods" in API group "" in the namespace "default"
    [GeneratedRegex("""cannot (?<verb>\S+) resource "(?<resource>[^"]+)" in API group "(?<group>[^"]*)"(?: in the namespace "(?<ns>[^"]+)")?""")]
    private static partial Regex ForbiddenPattern();
}
