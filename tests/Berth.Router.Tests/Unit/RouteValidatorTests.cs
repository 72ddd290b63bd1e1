using Berth.Api.V1;
using Berth.Router.Table;

namespace Berth.Router.Tests.Unit;

public sealed class RouteValidatorTests
{
    [Fact]
    public void Validate_GoodSpec_NoIssues()
    {
        var spec = new RouteSpec("svc", 0, [new("r1", "http://127.0.0.1:5001"), new("r2", "http://127.0.0.1:5002/")]);
        Assert.Empty(RouteValidator.Validate("svc", spec));
    }

    [Fact]
    public void Validate_EveryProblemNamedByField()
    {
        var spec = new RouteSpec("other", -1, [new("", "http://x:1/path")], 0, -1, 0, AuthEnabled: true);

        var fields = RouteValidator.Validate("svc", spec).Select(i => i.Field).ToList();

        Assert.Equal(["service", "port", "replicas[0].id", "replicas[0].url", "maxConcurrentRequestsPerContainer", "maxQueueWaitMs", "scoringTimeoutMs", "primaryKey"], fields);
    }

    [Fact]
    public void Validate_NullBodyOrReplicas_Reported()
    {
        Assert.Equal("body", Assert.Single(RouteValidator.Validate("svc", null)).Field);
        Assert.Equal("replicas", Assert.Single(RouteValidator.Validate("svc", new RouteSpec("svc", 0, null!))).Field);
    }
}
