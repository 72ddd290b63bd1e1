using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

/// <summary>The 503 diagnosis names how the replicas were sized (fixed, autoscaler at its maximum, autoscaler still adding) and the remedy with numbers.</summary>
public sealed class OverloadedRuleTests
{
    // 250 requests/s of 20 ms: 5 at a time, 8 replicas at 70 %.
    private static readonly RouterStats Peak = new(1000, new Dictionary<int, long> { [200] = 900, [503] = 100 })
    {
        LongestQueueWaitsMs = [500, 500], PeakRequestsPerSecond = 250, MedianRunTimeMs = 20,
    };

    private static ServiceEvidence Autoscaled(AutoscaleStatus? status, int max = 10) => For(LogSamples.Healthy) with
    {
        Settings = new() { AutoscaleEnabled = true, AutoscaleMaxReplicas = max },
        Router = Peak,
        Autoscale = status,
    };

    private static AutoscaleStatus Decided(int desired, int ready, bool atMaximum, string decision, int second) =>
        new(desired, ready, atMaximum) { LastDecision = decision, LastDecisionAt = T0.AddSeconds(second) };

    [Fact]
    public void AutoscaleOff_SaysSo_AndNamesTheReplicasTheFormulaNeeds()
    {
        var d = Only(For(LogSamples.Healthy) with { Settings = new() { NumReplicas = 2 }, Router = Peak }, "overloaded");

        Assert.Contains("autoscale is off: the replicas stay at numReplicas", d.Evidence);
        Assert.Contains("at 250 requests/s of 20 ms each, 8 replicas are needed (ceil(rps x seconds / 70% / maxConcurrentRequestsPerContainer))", d.Evidence);
        Assert.StartsWith("Raise \"numReplicas\" in deploymentconfig.json (now 2) to 8,", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoscaleAtItsMaximum_SaysSo_WithItsLastDecision_AndNamesTheMaximumNeeded()
    {
        var d = Only(Autoscaled(Decided(4, 4, true, "utilization 1.25 over 4 replicas needs 8 replicas: at maxReplicas 4", 3), max: 4), "overloaded");

        Assert.Contains("autoscale is at its maximum: 4 replicas decided (maxReplicas 4), 4 ready, and the load needs more", d.Evidence);
        Assert.Contains("last autoscale decision at 12:00:03Z: utilization 1.25 over 4 replicas needs 8 replicas: at maxReplicas 4", d.Evidence);
        Assert.StartsWith("Set \"autoScaler.maxReplicas\" in deploymentconfig.json to at least 8 (now 4): the autoscaler is at its maximum,", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoscaleStillAddingReplicas_SaysSo_AndNamesMinReplicasAndATargetWithNumbers()
    {
        var d = Only(Autoscaled(Decided(8, 4, false, "utilization 1.25 over 4 replicas > 0.70: scaling to 8", 2)), "overloaded");

        Assert.Contains("autoscale was still adding replicas: 4 ready of 8 decided", d.Evidence);
        Assert.Contains("last autoscale decision at 12:00:02Z: utilization 1.25 over 4 replicas > 0.70: scaling to 8", d.Evidence);
        Assert.StartsWith(
            "Replicas could not start as fast as the load rose: set \"autoScaler.minReplicas\" in deploymentconfig.json to at least 8 (now 1) so they run before such a spike, or \"autoScaler.targetUtilization\" to 50 (now 70) so replicas are added earlier;",
            d.Remedy,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AutoscaledWithoutADecisionYet_JudgesTheMaximumByTheFormula()
    {
        var over = Only(Autoscaled(status: null, max: 6), "overloaded");
        var within = Only(Autoscaled(status: null, max: 10), "overloaded");

        Assert.StartsWith("Set \"autoScaler.maxReplicas\" in deploymentconfig.json to at least 8 (now 6)", over.Remedy, StringComparison.Ordinal);
        Assert.StartsWith("Replicas could not start as fast as the load rose: set \"autoScaler.minReplicas\" in deploymentconfig.json to at least 8", within.Remedy, StringComparison.Ordinal);
    }
}
