using Berth.Api.V1;
using Berth.Router.Table;

namespace Berth.Router.Tests.Unit;

/// <summary>A route's recent utilization: the window's mean demand over the replicas in the route now.</summary>
public sealed class RecentLoadTests
{
    private static RouteSpec Spec(int replicas) =>
        new("svc", 0, Enumerable.Range(1, replicas).Select(i => new ReplicaEndpoint($"replica-{i}", $"http://127.0.0.1:{5000 + i}")).ToList());

    [Fact]
    public void RecentLoad_AcrossAScaleUp_IsTheDemandOverTheReplicasNow_NotAMixOfTwoCounts()
    {
        var route = new ServiceRoute("svc", RouteSettings.From(Spec(1)), TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            route.Load.Add(40, requestsSoFar: 0);
        }

        var before = route.RecentLoad();
        route.Apply(RouteSettings.From(Spec(8)));
        var after = route.RecentLoad();

        Assert.Equal(40, before.Utilization1s, precision: 9);
        Assert.Equal(5, after.Utilization1s, precision: 9);
        Assert.Equal(5, after.Utilization60s, precision: 9);
    }
}
