using Berth.Api.V1;
using Berth.Errors;
using Berth.Server.Compute;

namespace Berth.Server.Tests.Compute;

/// <summary>The attach checks that need no cluster, and the namespace an attach picks.</summary>
public sealed class ComputeAttacherTests
{
    [Theory]
    [InlineData(null, null, "team-a")]
    [InlineData("two", null, "default")]
    [InlineData("one", "other-ns", "other-ns")]
    public void Prepare_Namespace_IsTheGivenOneElseTheContextsElseDefault(string? context, string? @namespace, string expected)
    {
        var (cluster, chosen) = ComputeAttacher.Prepare(Request(context: context, @namespace: @namespace));

        Assert.Equal(context ?? "one", cluster.Context);
        Assert.Equal(expected, chosen);
    }

    [Fact]
    public void Prepare_RegistryNotHostPort_IsRefused()
    {
        var error = Assert.Throws<BerthException>(() => ComputeAttacher.Prepare(Request(registry: "http://127.0.0.1:15000")));

        Assert.Equal(ComputeErrorCodes.SettingInvalid, error.Code);
        Assert.StartsWith("registry \"http://127.0.0.1:15000\" is not HOST:PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_NamespaceNotAKubernetesName_IsRefused()
    {
        var error = Assert.Throws<BerthException>(() => ComputeAttacher.Prepare(Request(@namespace: "Team_A")));

        Assert.Equal(ComputeErrorCodes.SettingInvalid, error.Code);
        Assert.StartsWith("namespace \"Team_A\" is not a Kubernetes namespace name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_InvalidName_IsRefused()
    {
        var error = Assert.Throws<BerthException>(() => ComputeAttacher.Prepare(Request(name: "my cluster")));

        Assert.Equal(ComputeErrorCodes.NameInvalid, error.Code);
    }

    [Fact]
    public void Prepare_EmptyKubeconfig_NamesTheFile()
    {
        var error = Assert.Throws<BerthException>(() => ComputeAttacher.Prepare(Request() with { Kubeconfig = "  \n" }));

        Assert.Equal(ComputeErrorCodes.KubeconfigInvalid, error.Code);
        Assert.Equal("kubeconfig /home/me/kc.yaml is empty", error.Message);
    }

    private static AttachComputeRequest Request(string name = "k8s", string? context = null, string? @namespace = null, string? registry = null) =>
        new(name, KubeconfigText.TwoContexts(), "/home/me/kc.yaml", context, @namespace, registry);
}
