namespace Berth.Server.Tests.Compute;

/// <summary>Kubeconfig texts for the tests that need no cluster.</summary>
internal static class KubeconfigText
{
    /// <summary>Two contexts (<c>one</c>, current, namespace <c>team-a</c>; <c>two</c>, no namespace) of a cluster at <paramref name="server"/>, with a token.</summary>
    public static string TwoContexts(string server = "http://127.0.0.1:1", string? currentContext = "one") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {server}
        users:
        - name: u
          user:
            token: not-a-real-token
        contexts:
        - name: one
          context:
            cluster: c
            user: u
            namespace: team-a
        - name: two
          context:
            cluster: c
            user: u
        {(currentContext is null ? string.Empty : $"current-context: {currentContext}")}
        """;
}
