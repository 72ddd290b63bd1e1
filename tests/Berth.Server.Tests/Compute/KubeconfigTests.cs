using Berth.Errors;
using Berth.Server.Compute;

namespace Berth.Server.Tests.Compute;

public sealed class KubeconfigTests
{
    [Fact]
    public void Resolve_NoContextGiven_UsesCurrentContextWithItsNamespaceAndServer()
    {
        var context = Kubeconfig.Resolve(KubeconfigText.TwoContexts("http://127.0.0.1:16443"), "kc.yaml", null);

        Assert.Equal(("one", "team-a", "http://127.0.0.1:16443"), (context.Context, context.Namespace, context.Server));
    }

    [Fact]
    public void Resolve_ContextGiven_UsesIt()
    {
        var context = Kubeconfig.Resolve(KubeconfigText.TwoContexts(), "kc.yaml", "two");

        Assert.Equal(("two", null), (context.Context, context.Namespace));
    }

    [Fact]
    public void Resolve_YamlSyntaxError_NamesFileAndLine()
    {
        var error = Assert.Throws<ConfigValidationException>(() => Kubeconfig.Resolve("apiVersion: v1\nclusters:\n  - [unclosed\n", "/home/me/kc.yaml", null));

        Assert.Equal(ComputeErrorCodes.KubeconfigInvalid, error.Code);
        Assert.Matches(@"^/home/me/kc\.yaml:\d+:\d+: not a valid kubeconfig: ", error.Message);
        Assert.Equal("/home/me/kc.yaml", Assert.Single(error.Issues).File);
    }

    [Fact]
    public void Resolve_WrongTypeForAField_NamesFileAndLine()
    {
        var text = KubeconfigText.TwoContexts().Replace("    server: http://127.0.0.1:1", "    server: http://127.0.0.1:1\n    insecure-skip-tls-verify: perhaps", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigValidationException>(() => Kubeconfig.Resolve(text, "kc.yaml", null));

        Assert.Equal(7, Assert.Single(error.Issues).Line);
    }

    [Theory]
    [InlineData("just some words", "its top level is not a mapping")]
    [InlineData("", "it is empty")]
    [InlineData("colors: [red, green]\n", "it defines no contexts")]
    public void Resolve_NotAKubeconfig_SaysWhatItIs(string text, string problem)
    {
        var error = Assert.Throws<BerthException>(() => Kubeconfig.Resolve(text, "notes.txt", null));

        Assert.Equal(ComputeErrorCodes.KubeconfigInvalid, error.Code);
        Assert.StartsWith("kubeconfig notes.txt: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownContext_ListsTheContextsItHas()
    {
        var error = Assert.Throws<BerthException>(() => Kubeconfig.Resolve(KubeconfigText.TwoContexts(), "kc.yaml", "three"));

        Assert.Equal(ComputeErrorCodes.ContextNotFound, error.Code);
        Assert.Equal("context \"three\" is not in kubeconfig kc.yaml", error.Message);
        Assert.Equal("its contexts are: one, two; pass --context with one of them", error.Hint);
    }

    [Fact]
    public void Resolve_NoCurrentContextAndNoneGiven_AsksForOneListingThem()
    {
        var error = Assert.Throws<BerthException>(() => Kubeconfig.Resolve(KubeconfigText.TwoContexts(currentContext: null), "kc.yaml", null));

        Assert.Equal(ComputeErrorCodes.ContextNotFound, error.Code);
        Assert.Equal("kubeconfig kc.yaml has no current-context and no --context was given", error.Message);
        Assert.Equal("pass --context with one of its contexts: one, two", error.Hint);
    }

    [Fact]
    public void Resolve_CurrentContextNotDefined_SaysTheCurrentContextIsWrong()
    {
        var error = Assert.Throws<BerthException>(() => Kubeconfig.Resolve(KubeconfigText.TwoContexts(currentContext: "gone"), "kc.yaml", null));

        Assert.Equal("the current-context of kubeconfig kc.yaml, \"gone\", is not one of its contexts", error.Message);
    }

    [Fact]
    public void Resolve_ContextNamingAMissingCluster_IsInvalidNamingTheContext()
    {
        var text = KubeconfigText.TwoContexts().Replace("    cluster: c\n    user: u\n    namespace: team-a", "    cluster: elsewhere\n    user: u\n    namespace: team-a", StringComparison.Ordinal);

        var error = Assert.Throws<BerthException>(() => Kubeconfig.Resolve(text, "kc.yaml", "one"));

        Assert.Equal(ComputeErrorCodes.KubeconfigInvalid, error.Code);
        Assert.StartsWith("kubeconfig kc.yaml: context \"one\": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_RelativeCertificatePath_IsRefusedWithTheFlattenHint()
    {
        var text = KubeconfigText.TwoContexts().Replace("    token: not-a-real-token", "    client-certificate: certs/me.crt\n    client-key: /abs/me.key", StringComparison.Ordinal);

        var error = Assert.Throws<BerthException>(() => Kubeconfig.Resolve(text, "kc.yaml", null));

        Assert.Contains("client-certificate is the relative path \"certs/me.crt\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("kubectl config view --raw --minify --flatten", error.Hint, StringComparison.Ordinal);
    }
}
