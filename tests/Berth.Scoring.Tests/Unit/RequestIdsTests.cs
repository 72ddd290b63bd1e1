using Berth.Scoring.Http;

namespace Berth.Scoring.Tests.Unit;

public sealed class RequestIdsTests
{
    [Theory]
    [InlineData(null, null, null, "G", "G", null)]
    [InlineData("A", null, null, "A", "A", null)]
    [InlineData(null, "B", null, "G", "B", "B")]
    [InlineData(null, null, "C", "G", "C", "C")]
    [InlineData("A", "B", null, "A", "B", "B")]
    [InlineData(null, "B", "C", "G", "B", "C")]
    [InlineData("A", null, "C", "A", "C", "C")]
    [InlineData("A", "B", "C", "A", "B", "C")]
    public void Resolve_FollowsTheMatrix(string? a, string? b, string? c, string ra, string rb, string? rc)
    {
        var ids = RequestIds.Resolve(a, b, c, () => "G");
        Assert.Equal((ra, rb, rc, (string?)null), (ids.RequestId, ids.MsRequestId, ids.ClientRequestId, ids.Error431));
    }

    [Fact]
    public void Resolve_LongIds_Are431s()
    {
        Assert.Equal(RequestIds.RequestIdTooLong, RequestIds.Resolve(new string('a', 101), null, null, () => "G").Error431);
        var client = RequestIds.Resolve("A", null, new string('c', 101), () => "G");
        Assert.Equal((RequestIds.ClientIdsTooLong, "A"), (client.Error431, client.RequestId));
        Assert.Null(RequestIds.Resolve(new string('a', 100), null, null, () => "G").Error431);
    }
}
