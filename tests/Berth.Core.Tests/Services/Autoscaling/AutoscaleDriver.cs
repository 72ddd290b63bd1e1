using Berth.Configuration;
using Berth.Services.Autoscaling;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Tests.Services.Autoscaling;

/// <summary>
/// A service under the autoscaler with a fake clock: each tick one refresh period passes with a given number of
/// requests in the system (closed-loop clients of 20 ms each: one request each, always), the router's sample is made
/// from it over the ready replicas, and the decision is applied as the server's loop would.
/// </summary>
internal sealed class AutoscaleDriver(AutoscaleSettings settings, int ready, bool bootInstantly = true)
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private const double RequestSeconds = 0.02;

    public FakeTimeProvider Clock { get; } = new(T0);

    public int Ready { get; private set; } = ready;

    public int Starting { get; private set; }

    public AutoscaleState State { get; private set; } = AutoscaleState.Initial;

    /// <summary>Every change, in order.</summary>
    public List<(DateTimeOffset At, int Replicas)> Changes { get; } = [];

    public TimeSpan Period => TimeSpan.FromSeconds(settings.RefreshPeriodInSeconds);

    /// <summary>One refresh period (or <paramref name="after"/>) passes with <paramref name="concurrent"/> requests in the system; then the decision.</summary>
    public AutoscaleDecision Tick(double concurrent, TimeSpan? after = null)
    {
        Clock.Advance(after ?? Period);
        var now = Clock.GetUtcNow();
        var sample = new AutoscaleSample(now, concurrent / Math.Max(1, Ready), Ready, 1, concurrent / RequestSeconds);
        var decision = AutoscaleRules.Decide(settings, new AutoscaleReplicas(Ready, Starting), sample, State, now);
        State = decision.State;
        if (decision.Changed)
        {
            Changes.Add((now, decision.Desired));
            Apply(decision.Desired);
        }

        return decision;
    }

    /// <summary>Ticks for <paramref name="span"/> at a constant load; the decisions.</summary>
    public List<AutoscaleDecision> Hold(double concurrent, TimeSpan span)
    {
        var decisions = new List<AutoscaleDecision>();
        for (var passed = TimeSpan.Zero; passed < span; passed += Period)
        {
            decisions.Add(Tick(concurrent));
        }

        return decisions;
    }

    /// <summary>The starting replicas answer their probe.</summary>
    public void BootAll()
    {
        Ready += Starting;
        Starting = 0;
    }

    private void Apply(int desired)
    {
        var more = desired - Ready - Starting;
        if (more >= 0)
        {
            Starting += more;
        }
        else
        {
            var fromStarting = Math.Min(Starting, -more);
            Starting -= fromStarting;
            Ready -= -more - fromStarting;
        }

        if (bootInstantly)
        {
            BootAll();
        }
    }
}
