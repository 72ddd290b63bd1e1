using Berth.Router.Proxy;

namespace Berth.Router.Tests.Unit;

public sealed class HeaderRulesTests
{
    [Theory]
    [InlineData("Connection", false, true)]
    [InlineData("Transfer-Encoding", false, true)]
    [InlineData("Host", false, true)]
    [InlineData("x-request-id", false, true)]
    [InlineData("Authorization", true, true)]
    [InlineData("Authorization", false, false)]
    [InlineData("Content-Type", true, false)]
    [InlineData("x-ms-client-request-id", true, false)]
    [InlineData("X-Berth-Replica-Token", false, true)]
    [InlineData("x-berth-replica-token", true, true)]
    public void SkipRequestHeader(string name, bool authEnabled, bool skipped)
    {
        Assert.Equal(skipped, HeaderRules.SkipRequestHeader(name, authEnabled));
    }

    [Theory]
    [InlineData("Transfer-Encoding", true)]
    [InlineData("Content-Length", true)]
    [InlineData("X-Request-Id", true)]
    [InlineData("Content-Type", false)]
    [InlineData("x-ms-run-fn-exec-ms", false)]
    public void SkipResponseHeader(string name, bool skipped)
    {
        Assert.Equal(skipped, HeaderRules.SkipResponseHeader(name));
    }

    [Fact]
    public void ResolveRequestId_EchoesOrGenerates()
    {
        var generated = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        Assert.Equal("abc", HeaderRules.ResolveRequestId("abc", () => generated));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", HeaderRules.ResolveRequestId(null, () => generated));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", HeaderRules.ResolveRequestId(string.Empty, () => generated));
    }
}
