using Berth.Router.Routing;

namespace Berth.Router.Tests.Unit;

public sealed class StatusMappingTests
{
    [Theory]
    [InlineData(500, 502)]
    [InlineData(200, 200)]
    [InlineData(400, 400)]
    [InlineData(404, 404)]
    [InlineData(415, 415)]
    [InlineData(431, 431)]
    [InlineData(502, 502)]
    [InlineData(503, 503)]
    public void FromReplica_Only500Becomes502(int replica, int expected)
    {
        Assert.Equal(expected, StatusMapping.FromReplica(replica));
    }

    [Fact]
    public void RouterErrors_HaveThePlatformStatusesAndNameTheCause()
    {
        Assert.Equal(401, StatusMapping.Unauthorized("s").Status);
        Assert.Equal(503, StatusMapping.NoReplicas("s").Status);
        var overloaded = StatusMapping.Overloaded("s", 500);
        Assert.Equal(503, overloaded.Status);
        Assert.Contains("maxQueueWaitMs=500", overloaded.Message);
        var timeout = StatusMapping.Timeout("s", 60000);
        Assert.Equal(504, timeout.Status);
        Assert.Contains("scoringTimeoutMs=60000", timeout.Message);
        Assert.Contains("'r7'", StatusMapping.Dropped("s", "r7").Message);
        Assert.Equal(502, StatusMapping.ConnectFailed("s", "r7", "Connection refused").Status);
        Assert.Contains("Connection refused", StatusMapping.ConnectFailed("s", "r7", "Connection refused").Message);
    }

    [Theory]
    [InlineData(nameof(ProxyError.BodyTooLarge), 413, true)]
    [InlineData(nameof(ProxyError.BodyMalformed), 400, true)]
    [InlineData(nameof(ProxyError.BodyStalled), 408, true)]
    [InlineData(nameof(ProxyError.ClientGone), 499, true)]
    [InlineData(nameof(ProxyError.ReplicaRefused), 502, false)]
    [InlineData(nameof(ProxyError.ReplicaDropped), 502, false)]
    [InlineData(nameof(ProxyError.Timeout), 504, false)]
    public void NamedErrors_CallerFaultsAre4xx_ReplicaFaults5xx(string name, int status, bool clientFault)
    {
        var error = Enum.Parse<ProxyError>(name);
        Assert.Equal(status, StatusMapping.StatusOf(error));
        Assert.Equal(clientFault, StatusMapping.IsClientFault(error));
        if (clientFault && error != ProxyError.ClientGone)
        {
            Assert.Equal(status, StatusMapping.ClientFault("s", error, 100, TimeSpan.FromSeconds(1), "bad chunk").Status);
        }
    }
}
