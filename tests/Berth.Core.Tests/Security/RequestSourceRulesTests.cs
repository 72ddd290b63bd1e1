using System.Net;
using Berth.Security;

namespace Berth.Tests.Security;

public sealed class RequestSourceRulesTests
{
    private static readonly HostAllowance Loopback = HostAllowance.Loopback;

    [Theory]
    [InlineData("127.0.0.1:7700")]
    [InlineData("localhost:7700")]
    [InlineData("LOCALHOST:7700")]
    [InlineData("[::1]:7700")]
    [InlineData("127.0.0.2:7700")]
    public void CheckHost_LoopbackNameWithThePort_IsAllowed(string host)
    {
        Assert.Null(RequestSourceRules.CheckHost(host, 7700, https: false, Loopback));
    }

    [Theory]
    [InlineData("attacker.example:7700")]
    [InlineData("localhost.attacker.example:7700")]
    [InlineData("10.0.0.5:7700")]
    [InlineData("user@127.0.0.1:7700")]
    [InlineData("127.0.0.1:7700/path")]
    public void CheckHost_ForeignName_IsRefusedAsRebinding(string host)
    {
        Assert.Contains("DNS rebinding", RequestSourceRules.CheckHost(host, 7700, https: false, Loopback), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:7701")]
    [InlineData("localhost")]
    public void CheckHost_OtherPort_IsRefused(string host)
    {
        Assert.Contains("but this server listens on 7700", RequestSourceRules.CheckHost(host, 7700, https: false, Loopback), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckHost_Missing_IsRefused()
    {
        Assert.Equal("the request has no Host header", RequestSourceRules.CheckHost(null, 7700, https: false, Loopback));
    }

    [Fact]
    public void CheckHost_DefaultPortOmitted_MatchesPort443WithTls()
    {
        Assert.Null(RequestSourceRules.CheckHost("localhost", 443, https: true, Loopback));
    }

    [Fact]
    public void CheckHost_ListeningOnAnAddress_AllowsItAndCertificateNames_NotOtherNames()
    {
        var allowance = new HostAllowance(IPAddress.Parse("10.0.0.5"), ["localhost", "berth.example"]);

        Assert.Null(RequestSourceRules.CheckHost("10.0.0.5:7700", 7700, https: true, allowance));
        Assert.Null(RequestSourceRules.CheckHost("berth.example:7700", 7700, https: true, allowance));
        Assert.NotNull(RequestSourceRules.CheckHost("10.0.0.6:7700", 7700, https: true, allowance));
        Assert.NotNull(RequestSourceRules.CheckHost("attacker.example:7700", 7700, https: true, allowance));
    }

    [Fact]
    public void CheckHost_ListeningOnEveryAddress_AllowsAnyIpLiteral_NotNames()
    {
        var allowance = new HostAllowance(IPAddress.Any, ["localhost"]);

        Assert.Null(RequestSourceRules.CheckHost("192.168.1.20:7700", 7700, https: true, allowance));
        Assert.NotNull(RequestSourceRules.CheckHost("attacker.example:7700", 7700, https: true, allowance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:7700")]
    [InlineData("http://localhost:7700")]
    public void CheckOrigin_NoneOrTheServersOwn_IsAllowed(string? origin)
    {
        Assert.Null(RequestSourceRules.CheckOrigin(origin, 7700, https: false, Loopback));
    }

    [Theory]
    [InlineData("http://attacker.example")]
    [InlineData("http://localhost:8888")]
    [InlineData("https://127.0.0.1:7700")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:7700, http://attacker.example")]
    public void CheckOrigin_AnyOtherPage_IsRefused(string origin)
    {
        Assert.Contains("are not accepted", RequestSourceRules.CheckOrigin(origin, 7700, https: false, Loopback), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("same-origin", true)]
    [InlineData("none", true)]
    [InlineData("same-site", false)]
    [InlineData("cross-site", false)]
    public void CheckFetchSite_OnlyOwnOriginOrTypedByTheUser(string? site, bool allowed)
    {
        Assert.Equal(allowed, RequestSourceRules.CheckFetchSite(site) is null);
    }

    [Theory]
    [InlineData("POST", false, true)]
    [InlineData("PUT", true, true)]
    [InlineData("patch", true, true)]
    [InlineData("DELETE", false, false)]
    [InlineData("DELETE", true, true)]
    [InlineData("GET", true, false)]
    public void NeedsMediaType_WritesAndDeletesWithABody(string method, bool hasBody, bool needs)
    {
        Assert.Equal(needs, RequestSourceRules.NeedsMediaType(method, hasBody));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON", true)]
    [InlineData("application/x-tar", true)]
    [InlineData("text/plain", false)]
    [InlineData("text/plain; application/json", false)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData(null, false)]
    public void IsAllowedMediaType_JsonOrTarOnly(string? contentType, bool allowed)
    {
        Assert.Equal(allowed, RequestSourceRules.IsAllowedMediaType(contentType, RequestSourceRules.WriteMediaTypes));
    }
}
