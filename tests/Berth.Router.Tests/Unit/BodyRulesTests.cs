using Berth.Router.Proxy;

namespace Berth.Router.Tests.Unit;

public sealed class BodyRulesTests
{
    [Theory]
    [InlineData("POST", 200, 31, 31L, 31L)]
    [InlineData("POST", 200, 0, null, 0L)]
    [InlineData("HEAD", 200, 0, 1234L, 1234L)]
    [InlineData("GET", 204, 0, null, null)]
    [InlineData("GET", 304, 0, 10L, null)]
    public void ContentLength(string method, int status, int read, long? replica, long? expected)
    {
        Assert.Equal(expected, BodyRules.ContentLength(method, status, read, replica));
    }
}
