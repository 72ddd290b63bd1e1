using System.Net;
using Berth.Client;
using Berth.Errors;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Compute;

/// <summary>The SDK's <c>KubernetesCompute</c> and <c>ComputeTarget</c>, and the API's guard, against a real server and the real test cluster.</summary>
public sealed class ComputeSdkTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task AttachListGetDetach_RoundTripThroughTheSdk()
    {
        using var workspace = Connect();
        var attached = await KubernetesCompute.AttachAsync(workspace, "sdk-k8s", cluster.KubeconfigPath, @namespace: cluster.Namespace, registry: "127.0.0.1:15000");
        var listed = await ComputeTarget.ListAsync(workspace);
        var fetched = await ComputeTarget.GetAsync(workspace, "sdk-k8s");
        await fetched.DetachAsync();
        var afterDetach = await ComputeTarget.ListAsync(workspace);

        Assert.Equal(("sdk-k8s", "kubernetes", cluster.Namespace), (attached.Name, attached.Type, attached.Dto.Namespace));
        Assert.Equal(["sdk-k8s"], listed.Select(c => c.Name));
        Assert.Equal("v1.20.2", fetched.Details!.ServerVersion);
        Assert.Equal("localhost", Assert.Single(fetched.Details.Nodes).Name);
        Assert.Empty(afterDetach);
    }

    [Fact]
    public async Task GetAsync_Unknown_ThrowsNotFound()
    {
        using var workspace = Connect();

        var error = await Assert.ThrowsAsync<BerthApiException>(() => ComputeTarget.GetAsync(workspace, "nope"));

        Assert.Equal((404, ComputeErrorCodes.NotFound), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task ComputesApi_WithoutTheWorkspaceToken_Is401()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_session.Server.Url), Timeout = TimeSpan.FromSeconds(30) };

        using var response = await client.GetAsync("/api/v1/computes");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Workspace Connect() => Workspace.Get(_session.Server.Url, _session.Server.Token, TimeSpan.FromSeconds(60));
}
