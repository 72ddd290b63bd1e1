using System.Diagnostics;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;
using k8s;

namespace Berth.EndToEnd.Tests.Compute;

/// <summary><c>berth compute attach|list|show|detach</c> through the real CLI and server, against the real test cluster.</summary>
public sealed class ComputeCliTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private const string Registry = "127.0.0.1:15000";
    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Attach_TheTestCluster_ListAndShowReportItWithTheClustersVersionAndNode()
    {
        var attach = await _session.BerthAsync("compute", "attach", "--name", "local-k8s", "--kubeconfig", cluster.KubeconfigPath, "--registry", Registry);
        var list = await _session.BerthAsync("compute", "list", "-o", "json");
        var show = await _session.BerthAsync("compute", "show", "local-k8s", "-o", "json");
        var table = await _session.BerthAsync("compute", "show", "local-k8s");

        Assert.True(attach.ExitCode == 0, attach.ToString());
        Assert.Equal($"attached local-k8s: context {cluster.ContextName}, namespace default, registry {Registry}", attach.StandardOutput.Trim());
        using var listed = JsonDocument.Parse(list.StandardOutput);
        var only = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.Equal(("local-k8s", "kubernetes", cluster.ContextName, "default", Registry), (Text(only, "name"), Text(only, "type"), Text(only, "context"), Text(only, "namespace"), Text(only, "registry")));
        using var details = JsonDocument.Parse(show.StandardOutput);
        Assert.Equal("v1.20.2", Text(details.RootElement, "serverVersion"));
        Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("error").ValueKind);
        var node = Assert.Single(details.RootElement.GetProperty("nodes").EnumerateArray());
        var real = await cluster.Admin.CoreV1.ReadNodeAsync("localhost");
        Assert.Equal("localhost", Text(node, "name"));
        Assert.True(node.GetProperty("ready").GetBoolean());
        Assert.Equal(real.Status.Allocatable["cpu"].ToDouble(), node.GetProperty("cpu").GetDouble());
        Assert.Equal(real.Status.Allocatable["memory"].ToInt64(), node.GetProperty("memoryBytes").GetInt64());
        Assert.Equal(real.Status.Allocatable.TryGetValue("nvidia.com/gpu", out var gpus) ? gpus.ToInt32() : 0, node.GetProperty("gpus").GetInt32());
        Assert.Contains("Kubernetes v1.20.2", table.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"localhost\s*│\s*True\s*│", table.StandardOutput);
    }

    [Fact]
    public async Task Attach_KeepsACopyOfTheKubeconfigReadableByItsOwnerOnly()
    {
        await AttachAsync("copy");

        var copy = _session.Home.Combine("computes", "copy", "kubeconfig");
        Assert.Equal(await File.ReadAllTextAsync(cluster.KubeconfigPath), await File.ReadAllTextAsync(copy));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_session.Home.Combine("computes", "copy")));
    }

    [Fact]
    public async Task Detach_RemovesItFromTheListAndDeletesTheKubeconfigCopy()
    {
        await AttachAsync("gone");

        var detach = await _session.BerthAsync("compute", "detach", "gone");
        var list = await _session.BerthAsync("compute", "list", "-o", "json");
        var again = await _session.BerthAsync("compute", "detach", "gone");

        Assert.True(detach.ExitCode == 0, detach.ToString());
        Assert.Equal("[]", list.StandardOutput.Trim());
        Assert.False(Directory.Exists(_session.Home.Combine("computes", "gone")));
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("error: no compute target named \"gone\" is attached", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_NameTaken_IsRefusedWithAHint_UnlessOverwrite()
    {
        await AttachAsync("twice");

        var refused = await _session.BerthAsync("compute", "attach", "--name", "twice", "--kubeconfig", cluster.KubeconfigPath);
        var replaced = await _session.BerthAsync("compute", "attach", "--name", "twice", "--kubeconfig", cluster.KubeconfigPath, "--namespace", cluster.Namespace, "--overwrite");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: a compute target named \"twice\" is attached already", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: detach it first (`berth compute detach twice`)", refused.StandardError, StringComparison.Ordinal);
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.Contains($"namespace {cluster.Namespace}", replaced.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_MissingFile_NamesIt()
    {
        var missing = _session.Files.Combine("no-such-kubeconfig");

        await RefusedAttachAsync(4, $"the kubeconfig file {missing} does not exist", "pass --kubeconfig the path of a kubeconfig", missing);
    }

    [Fact]
    public async Task Attach_GarbageFile_SaysItIsNotAKubeconfigAndStoresNothing()
    {
        var garbage = _session.Files.WriteFile("garbage.bin", "\u0001\u0002 PK garbage {{{ ]]]\nnot: [yaml\n");

        var result = await RefusedAttachAsync(5, $"{garbage}:", "fix the YAML at that line", garbage);

        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_UnknownContext_ListsTheContextsTheKubeconfigHas()
    {
        await RefusedAttachAsync(
            5, $"context \"elsewhere\" is not in kubeconfig {cluster.KubeconfigPath}", $"its contexts are: {cluster.ContextName}",
            cluster.KubeconfigPath, "--context", "elsewhere");
    }

    [Fact]
    public async Task Attach_NothingListensAtTheServer_FailsAtOnceNamingTheAddress()
    {
        var server = $"https://127.0.0.1:{FreePort.Next()}";
        var file = _session.Files.WriteFile("closed.kubeconfig", cluster.Kubeconfig(server, "irrelevant", "closed"));
        var clock = Stopwatch.StartNew();

        await RefusedAttachAsync(1, $"the cluster at {server} (context closed) refused the connection: nothing listens there", "is the cluster up?", file);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"a refused connection waited {clock.Elapsed.TotalSeconds:0.0} s, as long as the 10 s request timeout");
    }

    [Fact]
    public async Task Attach_AServerThatAcceptsButNeverAnswers_FailsAfterTheTimeout_NamingIt_NotAHang()
    {
        // A listener that takes the connection and then says nothing: the TLS handshake never completes.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });
        var server = $"https://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
        var file = _session.Files.WriteFile("silent.kubeconfig", cluster.Kubeconfig(server, "irrelevant", "silent"));
        try
        {
            await RefusedAttachAsync(1, $"the cluster at {server} (context silent) did not answer within 10 s", "check that the API server is up", file);
        }
        finally
        {
            await stop.CancelAsync();
            await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
            held.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Attach_WrongToken_SaysTheCredentialsWereRefused()
    {
        var file = _session.Files.WriteFile("wrong.kubeconfig", cluster.Kubeconfig(cluster.Server, "not-a-token-this-cluster-issued", "wrong"));

        var result = await RefusedAttachAsync(
            1, $"the credentials in the kubeconfig were refused by the cluster at {cluster.Server} (context wrong)", "the token or client certificate of context wrong", file);

        Assert.Contains("Unauthorized", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_NamespaceThatDoesNotExist_SaysSoWithTheCommandThatCreatesIt()
    {
        await RefusedAttachAsync(
            4, "namespace \"berth-no-such-namespace\" does not exist", "create it (`kubectl create namespace berth-no-such-namespace`) or pass --namespace",
            cluster.KubeconfigPath, "--namespace", "berth-no-such-namespace");
    }

    [Fact]
    public async Task Attach_UserWithoutRbacRights_NamesEveryForbiddenVerbAndResource()
    {
        var file = _session.Files.WriteFile("no-rights.kubeconfig", cluster.NoRightsKubeconfig);

        await RefusedAttachAsync(
            1,
            $"RBAC forbids create, get, list, watch, delete on deployments (apps); create, get, list, watch, delete, deletecollection on pods; " +
            $"create, get, list, watch, delete on services; create, get, list, watch, delete on configmaps; get on pods/log; " +
            $"list, deletecollection on replicasets (apps); create, get, update, deletecollection on secrets in namespace {cluster.Namespace} " +
            "for the user of context no-rights",
            "Berth needs create, get, list, watch and delete on deployments (apps)",
            file);
    }

    [Fact]
    public async Task Attach_RegistryNotHostPort_IsRefusedBeforeTheClusterIsAsked()
    {
        await RefusedAttachAsync(
            2, "registry \"http://127.0.0.1:15000\" is not HOST:PORT: drop the scheme \"http://\"", "pass --registry the address images are pushed to",
            cluster.KubeconfigPath, "--registry", "http://127.0.0.1:15000");
    }

    [Fact]
    public async Task Show_ClusterUnreachable_ReturnsTheRecordWithTheError()
    {
        await AttachAsync("later-down");
        // The cluster "moves away": its stored kubeconfig now points at a port where nothing listens.
        var copy = _session.Home.Combine("computes", "later-down", "kubeconfig");
        var server = $"https://127.0.0.1:{FreePort.Next()}";
        await File.WriteAllTextAsync(copy, cluster.Kubeconfig(server, "irrelevant", cluster.ContextName));

        var show = await _session.BerthAsync("compute", "show", "later-down", "-o", "json");
        var table = await _session.BerthAsync("compute", "show", "later-down");

        Assert.True(show.ExitCode == 0, show.ToString());
        using var details = JsonDocument.Parse(show.StandardOutput);
        Assert.Equal("later-down", Text(details.RootElement.GetProperty("compute"), "name"));
        Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("serverVersion").ValueKind);
        Assert.StartsWith($"the cluster at {server} (context {cluster.ContextName}) refused the connection", Text(details.RootElement, "error"), StringComparison.Ordinal);
        Assert.Contains("Cluster:", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("unreachable", table.StandardOutput, StringComparison.Ordinal);
    }

    private async Task AttachAsync(string name)
    {
        var result = await _session.BerthAsync("compute", "attach", "--name", name, "--kubeconfig", cluster.KubeconfigPath);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Runs <c>compute attach --name x --kubeconfig FILE ...</c>; asserts its exit code, error and hint, and that nothing was stored.</summary>
    private async Task<ProcessResult> RefusedAttachAsync(int exitCode, string error, string hint, string kubeconfig, params string[] more)
    {
        var result = await _session.BerthAsync(["compute", "attach", "--name", "x", "--kubeconfig", kubeconfig, .. more]);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains($"error: {error}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"hint: {hint}", result.StandardError, StringComparison.Ordinal);
        await AssertNothingAttachedAsync();
        return result;
    }

    private async Task AssertNothingAttachedAsync()
    {
        var list = await _session.BerthAsync("compute", "list", "-o", "json");
        Assert.Equal("[]", list.StandardOutput.Trim());
        var computes = _session.Home.Combine("computes");
        Assert.False(Directory.Exists(computes) && Directory.EnumerateFileSystemEntries(computes).Any(), "a refused attach left files in computes/");
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
