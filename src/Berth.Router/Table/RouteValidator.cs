using Berth.Api.V1;
using Berth.Errors;

namespace Berth.Router.Table;

/// <summary>Checks a <see cref="RouteSpec"/> and reports every problem at once.</summary>
internal static class RouteValidator
{
    public static IReadOnlyList<ConfigIssue> Validate(string service, RouteSpec? spec)
    {
        var source = $"routes/{service}";
        var issues = new List<ConfigIssue>();
        void Add(string field, string message) => issues.Add(new ConfigIssue(source, null, null, field, message));

        if (spec is null)
        {
            Add("body", "the request body must be a RouteSpec JSON object");
            return issues;
        }

        if (string.IsNullOrWhiteSpace(service) || service.Length > 64 || !service.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Add("service", "the service name must be 1-64 characters of letters, digits, '-', '_' or '.'");
        }

        if (!string.IsNullOrEmpty(spec.Service) && spec.Service != service)
        {
            Add("service", $"the body names service '{spec.Service}' but the URL names '{service}'");
        }

        if (spec.Port is < 0 or > 65535)
        {
            Add("port", $"{spec.Port} is not a TCP port; use 1-65535, or 0 to pick a free one");
        }

        ValidateReplicas(spec.Replicas, Add);
        if (spec.MaxConcurrentRequestsPerContainer < 1)
        {
            Add("maxConcurrentRequestsPerContainer", "must be at least 1");
        }

        if (spec.MaxQueueWaitMs < 0)
        {
            Add("maxQueueWaitMs", "must be 0 or more");
        }

        if (spec.ScoringTimeoutMs < 1)
        {
            Add("scoringTimeoutMs", "must be at least 1");
        }

        if (spec.AuthEnabled && string.IsNullOrEmpty(spec.PrimaryKey) && string.IsNullOrEmpty(spec.SecondaryKey))
        {
            Add("primaryKey", "authEnabled is true, so at least one key is needed");
        }

        if (spec.ReplicaToken is { } token && (token.Length is < 16 or > 256 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            Add("replicaToken", "must be 16-256 characters of letters, digits, '-' or '_' (it travels in a header)");
        }

        return issues;
    }

    private static void ValidateReplicas(IReadOnlyList<ReplicaEndpoint>? replicas, Action<string, string> add)
    {
        if (replicas is null)
        {
            add("replicas", "must be a list (it may be empty)");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < replicas.Count; i++)
        {
            var replica = replicas[i];
            if (replica is null || string.IsNullOrWhiteSpace(replica.Id))
            {
                add($"replicas[{i}].id", "every replica needs an id");
            }
            else if (!ids.Add(replica.Id))
            {
                add($"replicas[{i}].id", $"the id '{replica.Id}' is used twice");
            }

            if (replica is null || !Uri.TryCreate(replica.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
                || !string.IsNullOrEmpty(uri.Query) || uri.AbsolutePath != "/")
            {
                add($"replicas[{i}].url", $"'{replica?.Url}' is not an http://host:port base URL");
            }
        }
    }
}
