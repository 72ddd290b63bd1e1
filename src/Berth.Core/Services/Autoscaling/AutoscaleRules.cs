using System.Globalization;
using Berth.Configuration;

namespace Berth.Services.Autoscaling;

/// <summary>
/// The autoscaler's decision for one service, pure over its settings, its replica counts, the router's latest sample,
/// the autoscaler's own memory and a time read from the caller's <see cref="TimeProvider"/>. The caller (one loop per
/// autoscaled service) evaluates once per <c>refreshPeriodInSeconds</c>, scales the target when the decision changed,
/// records the event, and keeps the returned state for the next evaluation.
/// <list type="bullet">
/// <item>Need: <see cref="ReplicaSizing.ForConcurrency"/> over the requests in the system, utilization x ready replicas x
/// slots. The utilization is measured over the ready replicas only, so the need is computed from the ready replicas too,
/// and compared with every replica decided, starting ones included: while new replicas boot the ready ones stay busy, and
/// neither multiplying that utilization by all replicas nor adding on top of the starting ones overshoots.</item>
/// <item>Up, eagerly: as soon as the need exceeds the replicas decided, in one step to the need.</item>
/// <item>Down, conservatively: only once a whole <see cref="ScaleDownWindow"/> of evaluations needed fewer replicas, and
/// then to the highest need of that window; load that comes and goes within the window keeps its replicas.</item>
/// <item>Bounded by <c>minReplicas</c> and <c>maxReplicas</c>; a need above the maximum is reported
/// (<see cref="AutoscaleDecision.AtMaximum"/>).</item>
/// <item>At most one change per refresh period.</item>
/// </list>
/// </summary>
public static class AutoscaleRules
{
    /// <summary>How long every evaluation must have needed fewer replicas before any is removed.</summary>
    public static readonly TimeSpan ScaleDownWindow = TimeSpan.FromSeconds(60);

    /// <summary>A tick up to this share of a refresh period early still counts as a whole period (timer jitter).</summary>
    private const double EarlyTick = 0.1;

    /// <summary>
    /// Evaluations further apart than this many refresh periods leave a hole in the window, which starts again; a sample
    /// older than that is not acted on.
    /// </summary>
    private const int GapPeriods = 5;

    /// <summary>Decides the replicas of a service at <paramref name="now"/>.</summary>
    public static AutoscaleDecision Decide(
        AutoscaleSettings settings, AutoscaleReplicas replicas, AutoscaleSample sample, AutoscaleState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(state);
        var period = TimeSpan.FromSeconds(Math.Max(1, settings.RefreshPeriodInSeconds));
        var current = state.Desired ?? replicas.Total;
        if (now - sample.At > period * GapPeriods)
        {
            return new AutoscaleDecision(current, false, current, state.AtMaximum, null, state with { Desired = current });
        }

        var needed = ReplicaSizing.ForConcurrency(sample.ConcurrentRequests, settings.TargetUtilization, sample.MaxConcurrentRequestsPerContainer);
        var bounded = Math.Clamp(needed, settings.MinReplicas, settings.MaxReplicas);
        var atMaximum = needed > settings.MaxReplicas;
        var seen = Remember(state, now, bounded, period);
        var (target, why) = Target(settings, current, bounded, seen, now);
        var held = target != current && state.LastChangeAt is { } last && now - last < period * (1 - EarlyTick);
        var desired = held ? current : target;
        var changed = desired != current;
        var text = new EventText(settings, replicas, sample, needed);
        var line = changed ? text.For(why, desired)
            : atMaximum && !state.AtMaximum && desired == settings.MaxReplicas ? text.AtMaximum()
            : null;
        var next = seen with { Desired = desired, LastChangeAt = changed ? now : state.LastChangeAt, AtMaximum = atMaximum };
        return new AutoscaleDecision(desired, changed, needed, atMaximum, line, next);
    }

    /// <summary>The state with this evaluation's need added and the readings older than the window dropped.</summary>
    private static AutoscaleState Remember(AutoscaleState state, DateTimeOffset now, int bounded, TimeSpan period)
    {
        var gap = state.Needs.Count == 0 || now - state.Needs[^1].At > period * GapPeriods;
        var kept = gap ? [] : state.Needs.Where(n => n.At > now - ScaleDownWindow);
        return state with
        {
            ObservingSince = gap ? now : state.ObservingSince ?? now,
            Needs = [.. kept, new NeedReading(now, bounded)],
        };
    }

    /// <summary>Where the replicas should go, and why, before the refresh period's hold.</summary>
    private static (int Replicas, Reason Why) Target(AutoscaleSettings settings, int current, int bounded, AutoscaleState seen, DateTimeOffset now)
    {
        if (bounded > current)
        {
            return (bounded, Reason.Up);
        }

        if (current > settings.MaxReplicas)
        {
            return (settings.MaxReplicas, Reason.AboveMaximum);
        }

        var peak = seen.Needs.Max(n => n.Replicas);
        return seen.ObservingSince <= now - ScaleDownWindow && peak < current ? (peak, Reason.Down) : (current, Reason.Hold);
    }

    private enum Reason
    {
        Hold,
        Up,
        Down,
        AboveMaximum,
    }

    /// <summary>The event lines, with the inputs of the decision.</summary>
    private readonly record struct EventText(AutoscaleSettings Settings, AutoscaleReplicas Replicas, AutoscaleSample Sample, int Needed)
    {
        public string For(Reason why, int desired) => why switch
        {
            Reason.Up when Needed < Settings.MinReplicas => $"below minReplicas {Settings.MinReplicas}: scaling to {desired}",
            Reason.Up => $"{Load()} > {Target()}: scaling to {desired}{(Needed > desired ? $" (needs {Needed}; maxReplicas {Settings.MaxReplicas})" : string.Empty)}",
            Reason.Down => $"the highest need over the last {ScaleDownWindow.TotalSeconds:0} s is {Count(desired)} ({Load()} now): scaling to {desired}",
            Reason.AboveMaximum => $"above maxReplicas {Settings.MaxReplicas}: scaling to {desired}",
            _ => $"{Load()}: keeping {desired}",
        };

        public string AtMaximum() => $"{Load()} needs {Needed} replicas: at maxReplicas {Settings.MaxReplicas}";

        private string Load()
        {
            var starting = Replicas.Starting > 0 ? $" ({Replicas.Starting} starting)" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"utilization {Sample.Utilization:0.00} over {Count(Sample.Replicas)}{starting}");
        }

        private string Target() => (Settings.TargetUtilization / 100.0).ToString("0.00", CultureInfo.InvariantCulture);

        private static string Count(int replicas) => replicas == 1 ? "1 replica" : $"{replicas} replicas";
    }
}
