using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Berth.Errors;
using Berth.Server.Compute;
using k8s;
using k8s.Autorest;

namespace Berth.Server.Tests.Compute;

/// <summary>
/// How the client's failures become named errors. Connection failures are real (a closed port, a listener that never
/// answers); the API server's 401 and 403 are its real Status bodies, as the end-to-end tests get them from the cluster.
/// </summary>
public sealed class ClusterFailuresTests
{
    private static readonly ClusterTarget Target = new("https://127.0.0.1:16443", "admin", "team-a", TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Explain_NothingListening_IsUnreachableNamingTheAddressAndContext()
    {
        var port = ClosedPort();
        var cluster = Kubeconfig.Resolve(KubeconfigText.TwoContexts($"http://127.0.0.1:{port}"), "kc.yaml", null);
        using var client = KubernetesConnection.Client(cluster, TimeSpan.FromSeconds(10));

        var thrown = await Record.ExceptionAsync(() => client.Version.GetCodeAsync());
        var error = ClusterFailures.Explain(thrown!, Target with { Server = cluster.Server }, "asking for its version");

        Assert.Equal(ComputeErrorCodes.Unreachable, error.Code);
        Assert.Equal($"the cluster at {cluster.Server} (context admin) refused the connection: nothing listens there (asking for its version)", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Client_ClusterThatNeverAnswers_FailsWithANamedTimeoutAfterTheRequestTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the kernel does) and never answers
        var server = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var cluster = Kubeconfig.Resolve(KubeconfigText.TwoContexts(server), "kc.yaml", null);
        using var client = KubernetesConnection.Client(cluster, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var thrown = await Record.ExceptionAsync(() => client.Version.GetCodeAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        var error = ClusterFailures.Explain(thrown!, new ClusterTarget(cluster.Server, "one", "team-a", TimeSpan.FromSeconds(1)), "asking for its version");

        Assert.Equal(ComputeErrorCodes.Timeout, error.Code);
        Assert.Equal($"the cluster at {cluster.Server} (context one) did not answer within 1 s (asking for its version)", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Explain_401_SaysTheCredentialsWereRefused()
    {
        var error = ClusterFailures.Explain(Status(HttpStatusCode.Unauthorized, """{"kind":"Status","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"""), Target, "asking for its version");

        Assert.Equal(ComputeErrorCodes.CredentialsRefused, error.Code);
        Assert.Equal("the credentials in the kubeconfig were refused by the cluster at https://127.0.0.1:16443 (context admin) (asking for its version): Unauthorized", error.Message);
        Assert.Contains("context admin is wrong or has expired", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_403_NamesVerbResourceAndNamespaceWithTheApiServersMessage()
    {
        const string Message = "pods is forbidden: User \"system:serviceaccount:t:nobody\" cannot list resource \"pods\" in API group \"\" in the namespace \"team-a\"";

        var error = ClusterFailures.Explain(Status(HttpStatusCode.Forbidden, $$"""{"kind":"Status","message":"{{Message.Replace("\"", "\\\"", StringComparison.Ordinal)}}","reason":"Forbidden","code":403}"""), Target, "listing pods");

        Assert.Equal(ComputeErrorCodes.Forbidden, error.Code);
        Assert.Equal($"RBAC forbids list on pods in namespace team-a for this user: {Message}", error.Message);
        Assert.Contains("RoleBinding", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_403OnAClusterScopedResource_SaysClusterWide()
    {
        var body = """{"kind":"Status","message":"nodes is forbidden: User \"u\" cannot list resource \"nodes\" in API group \"\" at the cluster scope","code":403}""";

        var error = ClusterFailures.Explain(Status(HttpStatusCode.Forbidden, body), Target, "listing its nodes");

        Assert.StartsWith("RBAC forbids list on nodes (cluster-wide) for this user: nodes is forbidden", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ServerError_IsAClusterErrorWithStatusAndMessage()
    {
        var error = ClusterFailures.Explain(Status(HttpStatusCode.InternalServerError, "etcdserver: request timed out"), Target, "listing pods");

        Assert.Equal(ComputeErrorCodes.ClusterError, error.Code);
        Assert.Equal("the cluster at https://127.0.0.1:16443 (context admin) answered 500 InternalServerError (listing pods): etcdserver: request timed out", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Denied_ListsEveryMissingVerbByResource()
    {
        var error = ClusterFailures.Denied([("create", "deployments (apps)"), ("delete", "deployments (apps)"), ("get", "pods/log")], Target);

        Assert.Equal(ComputeErrorCodes.Forbidden, error.Code);
        Assert.StartsWith("RBAC forbids create, delete on deployments (apps); get on pods/log in namespace team-a for the user of context admin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_BerthException_IsKeptAsItIs()
    {
        var known = new BerthException(ComputeErrorCodes.NamespaceNotFound, "gone");

        Assert.Same(known, ClusterFailures.Explain(known, Target, "anything"));
    }

    private static HttpOperationException Status(HttpStatusCode status, string body) => new($"Operation returned an invalid status code '{status}'")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status), body),
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
